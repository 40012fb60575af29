package io.patrickdb.protocol;

import static io.patrickdb.testing.RawConnection.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.patrickdb.testing.RawConnection;
import io.patrickdb.testing.RunningServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of PROTOCOL.md §6, byte for byte: sent over a real socket to a real server, and
 * its answers compared with the document. A last test checks that every example here appears
 * in PROTOCOL.md as written, so the document and the code cannot drift apart.
 */
@Tag("chapter2.part4")
class ProtocolGoldenTest {
    static final String PING = "50 44 00 00 00 08   01 01 00 00 00 00 01   00";
    static final String PONG = "50 44 00 00 00 09   01 01 01 00 00 00 01   00 00";
    static final String PUT = """
            50 44 00 00 00 1f   03 01 00 00 00 00 02
            08 67 72 65 65 74 69 6e 67   05 68 65 6c 6c 6f   00 00 00 00 00 00 00 00   00""";
    static final String PUT_OK = "50 44 00 00 00 11   03 01 01 00 00 00 02   00   00 00 00 00 00 00 00 01   00";
    static final String GET = "50 44 00 00 00 11   02 01 00 00 00 00 03   08 67 72 65 65 74 69 6e 67   00";
    static final String GET_OK = """
            50 44 00 00 00 1f   02 01 01 00 00 00 03
            00   05 68 65 6c 6c 6f   00 00 00 00 00 00 00 01   00 00 00 00 00 00 00 00   00""";
    static final String GET_MISSING = "50 44 00 00 00 10   02 01 00 00 00 00 04   07 6d 69 73 73 69 6e 67   00";
    static final String NOT_FOUND = "50 44 00 00 00 09   02 01 01 00 00 00 04   01 00";
    static final String UNKNOWN_OP = "50 44 00 00 00 08   2a 01 00 00 00 00 05   00";
    static final String UNKNOWN_OP_ANSWER_HEADER = "2a 01 01 00 00 00 05   41";

    @TempDir
    Path dir;
    RunningServer server;
    RawConnection connection;

    @BeforeEach
    void start() throws IOException {
        server = RunningServer.start(dir);
        connection = new RawConnection(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        connection.close();
        server.close();
    }

    @Test
    void pingIsAnsweredWithTheDocumentedBytes() throws IOException {
        connection.sendHex(PING);
        assertThat(hex(connection.readFrame())).isEqualTo(normalized(PONG));
    }

    @Test
    void putThenGetThenGetMissingAreAnsweredWithTheDocumentedBytes() throws IOException {
        connection.sendHex(PUT);
        assertThat(hex(connection.readFrame())).isEqualTo(normalized(PUT_OK));
        connection.sendHex(GET);
        assertThat(hex(connection.readFrame())).isEqualTo(normalized(GET_OK));
        connection.sendHex(GET_MISSING);
        assertThat(hex(connection.readFrame())).isEqualTo(normalized(NOT_FOUND));
    }

    @Test
    void anUnknownOperationGetsAnErrorNamingTheSupportedOperationsAndTheConnectionStaysUsable() throws IOException {
        connection.sendHex(UNKNOWN_OP);
        byte[] answer = connection.readFrame();
        assertThat(hex(Arrays.copyOfRange(answer, 0, 2))).isEqualTo("50 44");
        assertThat(hex(Arrays.copyOfRange(answer, 6, 14))).isEqualTo(normalized(UNKNOWN_OP_ANSWER_HEADER));

        Response.Error error = (Response.Error) Protocol.v1().readResponse(frameOf(answer));
        assertThat(error.status()).isEqualTo(Status.UNSUPPORTED_OPERATION);
        assertThat(error.message()).contains("0x2a").contains("get").contains("put");
        assertThat(Protocol.supportedOperations(error)).isEqualTo(Protocol.v1().supported());

        connection.sendHex(PING);
        assertThat(hex(connection.readFrame())).isEqualTo(normalized(PONG));
    }

    @Test
    void theEncoderWritesTheDocumentedBytes() {
        assertThat(hex(request(1, new Request.Ping()))).isEqualTo(normalized(PING));
        assertThat(hex(request(2, new Request.Put("greeting", "hello".getBytes(StandardCharsets.UTF_8), Duration.ZERO))))
                .isEqualTo(normalized(PUT));
        assertThat(hex(request(3, new Request.Get("greeting")))).isEqualTo(normalized(GET));
    }

    @Test
    void everyExampleHereIsWrittenInProtocolMd() throws IOException {
        String document = normalized(Files.readString(Path.of("PROTOCOL.md")));
        for (String example : List.of(PING, PONG, PUT, PUT_OK, GET, GET_OK, GET_MISSING, NOT_FOUND, UNKNOWN_OP)) {
            assertThat(document).as("PROTOCOL.md shows %s", example).contains(normalized(example));
        }
    }

    static byte[] request(int id, Request request) {
        ByteBuf out = Unpooled.buffer();
        Protocol.v1().writeRequest(out, id, 1, request);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** A frame read from the socket, as the decoder would hand it on. */
    static Frame frameOf(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        Header header = new Header(buf.getUnsignedByte(6), buf.getUnsignedByte(7), buf.getUnsignedByte(8), buf.getInt(9));
        return new Frame(header, buf.slice(13, bytes.length - 13));
    }

    /** Hex with single spaces and no line breaks, so layout in the document does not matter. */
    static String normalized(String hex) {
        return hex.trim().replaceAll("\\s+", " ");
    }
}
