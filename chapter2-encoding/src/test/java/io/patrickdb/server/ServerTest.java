package io.patrickdb.server;

import static io.patrickdb.testing.RawConnection.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.patrickdb.index.StoreException;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Header;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.VersionRange;
import io.patrickdb.testing.RawConnection;
import io.patrickdb.testing.RunningServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over real sockets, with real bytes: what it answers to good requests, bad
 * requests and bad byte streams, and which of those leave the connection usable.
 */
@Tag("chapter2.part4")
class ServerTest {
    @TempDir
    Path dir;
    RunningServer server;

    void start(UnaryOperator<ServerOptions> options) {
        server = RunningServer.start(dir, options, service -> service);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static byte[] request(int id, int version, Request request) {
        ByteBuf out = Unpooled.buffer();
        Protocol.v1().writeRequest(out, id, version, request);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    static byte[] request(int id, Request request) {
        return request(id, 1, request);
    }

    static Header header(byte[] frame) {
        ByteBuf b = Unpooled.wrappedBuffer(frame);
        return new Header(b.getUnsignedByte(6), b.getUnsignedByte(7), b.getUnsignedByte(8), b.getInt(9));
    }

    static Response response(byte[] frame) {
        return Protocol.v1().readResponse(new Frame(header(frame), Unpooled.wrappedBuffer(frame, 13, frame.length - 13)));
    }

    @Test
    void putThenGetAnswersWithTheValueItsVersionAndTheRequestIds() throws IOException {
        start(o -> o);
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(request(7, new Request.Put("k", "v".getBytes(StandardCharsets.UTF_8), Duration.ZERO)));
            byte[] put = c.readFrame();
            assertThat(header(put)).isEqualTo(new Header(OpCode.PUT, 1, Header.RESPONSE, 7));
            long version = ((Response.Put) response(put)).version();

            c.send(request(8, new Request.Get("k")));
            byte[] get = c.readFrame();
            assertThat(header(get).requestId()).isEqualTo(8);
            Response.Get answer = (Response.Get) response(get);
            assertThat(answer.value()).hasValueSatisfying(v -> {
                assertThat(v.value()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
                assertThat(v.version()).isEqualTo(version);
            });
        }
    }

    @Test
    void anUnsupportedVersionGetsTheSupportedRangeAndTheConnectionStaysUsable() throws IOException {
        start(o -> o);
        try (RawConnection c = new RawConnection(server.port())) {
            // get version 9 does not exist; its body is whatever it is: the server must not read it
            c.sendHex("50 44 00 00 00 0a   02 09 00 00 00 00 01   de ad be");
            byte[] answer = c.readFrame();
            assertThat(header(answer)).isEqualTo(new Header(OpCode.GET, 9, Header.RESPONSE, 1));
            Response.Error error = (Response.Error) response(answer);
            assertThat(error.status()).isEqualTo(Status.UNSUPPORTED_VERSION);
            assertThat(error.message()).isEqualTo("get version 9 is not supported; this server supports versions 1..1");
            assertThat(Protocol.supportedVersions(error)).contains(new VersionRange(OpCode.GET, 1, 1));

            c.send(request(2, new Request.Ping()));
            assertThat(response(c.readFrame())).isEqualTo(new Response.Pong());
        }
    }

    @Test
    void aMalformedBodyIsAnsweredMalformedAndTheConnectionStaysUsable() throws IOException {
        start(o -> o);
        try (RawConnection c = new RawConnection(server.port())) {
            // a get whose key claims 9 bytes where 2 follow
            c.sendHex("50 44 00 00 00 0a   02 01 00 00 00 00 01   09 61 62");
            Response.Error error = (Response.Error) response(c.readFrame());
            assertThat(error.status()).isEqualTo(Status.MALFORMED);
            assertThat(error.message()).isEqualTo("get request: string needs 9 bytes but the body has 2 left");

            c.send(request(2, new Request.Ping()));
            assertThat(response(c.readFrame())).isEqualTo(new Response.Pong());
        }
    }

    @Test
    void aRequestWithTheResponseFlagIsMalformed() throws IOException {
        start(o -> o);
        try (RawConnection c = new RawConnection(server.port())) {
            c.sendHex("50 44 00 00 00 08   01 01 01 00 00 00 01   00");
            Response.Error error = (Response.Error) response(c.readFrame());
            assertThat(error.status()).isEqualTo(Status.MALFORMED);
        }
    }

    @Test
    void bytesThatAreNotTheProtocolGetOneConnectionErrorAndAClose() throws IOException {
        start(o -> o);
        try (RawConnection c = new RawConnection(server.port())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = c.readFrame();
            assertThat(header(answer)).isEqualTo(new Header(OpCode.CONNECTION_ERROR, 0, Header.RESPONSE, 0));
            Response.Error error = (Response.Error) response(answer);
            assertThat(error.status()).isEqualTo(Status.MALFORMED);
            assertThat(error.message()).contains("not a Patrick-DB frame");
            c.expectClosed();
        }
    }

    @Test
    void aFrameOverTheLimitIsRefusedAndTheConnectionClosed() throws IOException {
        start(o -> o.withMaxFrameBytes(1024));
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(request(1, new Request.Put("big", new byte[2000], Duration.ZERO)));
            Response.Error error = (Response.Error) response(c.readFrame());
            assertThat(error.status()).isEqualTo(Status.FRAME_TOO_LARGE);
            assertThat(error.message()).contains("larger than the limit of 1024");
            c.expectClosed();
        }
        assertThat(server.store.get("big")).isEmpty();
    }

    @Test
    void keysAndValuesTheStoreRefusesGetTheStoresReason() throws IOException {
        start(o -> o);
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(request(1, new Request.Put("has space", new byte[1], Duration.ZERO)));
            Response.Error badKey = (Response.Error) response(c.readFrame());
            assertThat(badKey.status()).isEqualTo(Status.INVALID_KEY);
            assertThat(badKey.message()).contains("whitespace");

            c.send(request(2, new Request.Put("big", new byte[1024 * 1024 + 1], Duration.ZERO)));
            Response.Error tooLarge = (Response.Error) response(c.readFrame());
            assertThat(tooLarge.status()).isEqualTo(Status.VALUE_TOO_LARGE);
            assertThat(tooLarge.message()).contains("1048577").contains("1048576");

            c.send(request(3, new Request.Get("")));
            assertThat(((Response.Error) response(c.readFrame())).status()).isEqualTo(Status.INVALID_KEY);
        }
        assertThat(server.store.stats().keys()).isZero();
    }

    @Test
    void connectionsBeyondTheLimitAreToldUnavailableAndClosed() throws IOException {
        start(o -> o.withMaxConnections(2));
        try (RawConnection first = new RawConnection(server.port()); RawConnection second = new RawConnection(server.port())) {
            first.send(request(1, new Request.Ping()));
            second.send(request(1, new Request.Ping()));
            first.readFrame();
            second.readFrame(); // both are being served
            try (RawConnection third = new RawConnection(server.port())) {
                byte[] answer = third.readFrame();
                assertThat(header(answer).opCode()).isEqualTo(OpCode.CONNECTION_ERROR);
                Response.Error error = (Response.Error) response(answer);
                assertThat(error.status()).isEqualTo(Status.UNAVAILABLE);
                assertThat(error.message()).contains("too many connections");
                third.expectClosed();
            }
            first.send(request(2, new Request.Ping()));
            assertThat(response(first.readFrame())).isEqualTo(new Response.Pong());
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        start(o -> o.withIdleTimeout(Duration.ofMillis(200)));
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(request(1, new Request.Ping()));
            c.readFrame();
            c.expectClosed(); // blocks until the server closes it, which the idle timeout does
        }
    }

    @Test
    void pipelinedRequestsAllGetAnswersMatchedById() throws IOException {
        start(o -> o);
        int n = 500;
        try (RawConnection c = new RawConnection(server.port())) {
            ByteBuf all = Unpooled.buffer();
            for (int i = 1; i <= n; i++) {
                Protocol.v1().writeRequest(all, i, 1, new Request.Put("key" + i, ("value" + i).getBytes(StandardCharsets.UTF_8), Duration.ZERO));
            }
            byte[] bytes = new byte[all.readableBytes()];
            all.readBytes(bytes);
            c.send(bytes); // every request in one write: the server sees them back to back
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < n; i++) {
                byte[] frame = c.readFrame();
                assertThat(response(frame)).isInstanceOf(Response.Put.class);
                assertThat(answered.add(header(frame).requestId())).isTrue();
            }
            assertThat(answered).hasSize(n).allMatch(id -> id >= 1 && id <= n);
        }
        for (int i = 1; i <= n; i++) {
            assertThat(server.store.get("key" + i)).hasValue(("value" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFailingStoreIsReportedAsServerErrorWithItsMessage() throws IOException {
        server = RunningServer.start(dir, o -> o, service -> request -> request instanceof Request.Put
                ? CompletableFuture.failedFuture(new StoreException("cannot append to the log: No space left on device"))
                : service.handle(request));
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(request(1, new Request.Put("k", new byte[1], Duration.ZERO)));
            Response.Error error = (Response.Error) response(c.readFrame());
            assertThat(error.status()).isEqualTo(Status.SERVER_ERROR);
            assertThat(error.message()).isEqualTo("cannot append to the log: No space left on device");
            c.send(request(2, new Request.Get("k")));
            assertThat(response(c.readFrame())).isEqualTo(new Response.Get(java.util.Optional.empty()));
        }
    }

    @Test
    void closingTwiceIsHarmlessAndTheSecondCloseLeavesThePortClosed() throws IOException {
        start(o -> o);
        int port = server.port();
        server.server.close();
        server.server.close();
        assertThatThrownBy(() -> new RawConnection(port)).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void handshakeAnswersWithEveryOperationAndTheServerName() throws IOException {
        start(o -> o);
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(request(1, 0, new Request.Handshake(Protocol.v1().supported())));
            Response.Handshake h = (Response.Handshake) response(c.readFrame());
            assertThat(h.supported()).isEqualTo(Protocol.v1().supported());
            assertThat(h.server()).hasValue(ServerOptions.NAME);
        }
        assertThat(hex(request(1, 0, new Request.Handshake(java.util.List.of())))).isEqualTo("50 44 00 00 00 09 00 00 00 00 00 00 01 00 00");
    }
}
