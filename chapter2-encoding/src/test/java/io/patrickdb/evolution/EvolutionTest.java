package io.patrickdb.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.evolution.VersionTwo.GetV2;
import io.patrickdb.evolution.VersionTwo.Touch;
import io.patrickdb.evolution.VersionTwo.Touched;
import io.patrickdb.evolution.VersionTwo.TracedPut;
import io.patrickdb.protocol.AgreedVersions;
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
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evolvability, tested: old and new programs in every pairing, over real sockets. The "new"
 * protocol is {@link VersionTwo}: a tagged field, a new version of get, a new operation.
 */
@Tag("chapter2.part6")
class EvolutionTest {
    @TempDir
    Path dir;
    RunningServer server;
    VersionTwo.Service2 service2;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    void startV1Server() {
        server = RunningServer.start(dir);
    }

    void startV2Server() {
        server = RunningServer.start(dir, o -> o.withProtocol(VersionTwo.protocol()), (v1, store) -> {
            service2 = new VersionTwo.Service2(v1, store);
            return service2;
        });
    }

    PatrickClient client(Protocol protocol) {
        return PatrickClient.connect(ClientOptions.to("127.0.0.1", server.port()).withProtocol(protocol));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theHandshakePicksTheHighestVersionBothSidesSpeak() {
        AgreedVersions oldAndNew = Protocol.v1().agree(VersionTwo.protocol().supported());
        assertThat(oldAndNew.versionOf(OpCode.GET)).isEqualTo(OptionalInt.of(1));
        assertThat(oldAndNew.versionOf(VersionTwo.TOUCH)).isEmpty();
        AgreedVersions newAndOld = VersionTwo.protocol().agree(Protocol.v1().supported());
        assertThat(newAndOld.versionOf(OpCode.GET)).isEqualTo(OptionalInt.of(1));
        assertThat(newAndOld.versionOf(VersionTwo.TOUCH)).isEmpty();
        AgreedVersions newAndNew = VersionTwo.protocol().agree(VersionTwo.protocol().supported());
        assertThat(newAndNew.versionOf(OpCode.GET)).isEqualTo(OptionalInt.of(2));
        assertThat(newAndNew.versionOf(VersionTwo.TOUCH)).isEqualTo(OptionalInt.of(1));
        assertThat(new VersionRange(OpCode.GET, 3, 5).highestCommon(new VersionRange(OpCode.GET, 1, 2))).isEqualTo(-1);
    }

    @Test
    void anOldClientWorksWithANewServer() {
        startV2Server();
        try (PatrickClient old = client(Protocol.v1())) {
            assertThat(old.agreedVersions().join().versionOf(OpCode.GET)).isEqualTo(OptionalInt.of(1));
            long version = old.put("k", utf8("v")).join();
            assertThat(old.get("k").join()).hasValueSatisfying(v -> {
                assertThat(v.value()).isEqualTo(utf8("v"));
                assertThat(v.version()).isEqualTo(version);
            });
            assertThat(old.delete("k").join()).isTrue();
            assertThat(service2.traces).isEmpty(); // an old client sends no trace ids
        }
    }

    @Test
    void aNewClientWorksWithAnOldServer() {
        startV1Server();
        try (PatrickClient fresh = client(VersionTwo.protocol())) {
            // the optional field: the old server skips tag 0 and stores the value
            fresh.call(new TracedPut("k", utf8("v"), Duration.ZERO, "trace-1")).join();
            // get falls back to version 1, so the answer has version 1's layout
            Response answer = fresh.call(new Request.Get("k")).join();
            assertThat(answer).isInstanceOf(Response.Get.class);
            assertThat(((Response.Get) answer).value()).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(utf8("v")));
            // the new operation: the client knows from the handshake not to send it
            assertThatThrownBy(() -> fresh.call(new Touch("k", Duration.ofMinutes(1))).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ServerErrorException.class)
                    .hasMessageContaining("does not support op 0x08");
        }
    }

    @Test
    void twoNewProgramsUseTheNewVersionTheNewOperationAndTheNewField() {
        startV2Server();
        try (PatrickClient fresh = client(VersionTwo.protocol())) {
            long before = System.currentTimeMillis();
            fresh.call(new TracedPut("k", utf8("v"), Duration.ZERO, "trace-2")).join();
            assertThat(service2.traces).containsExactly("trace-2");

            Response touched = fresh.call(new Touch("k", Duration.ofMinutes(1))).join();
            assertThat(touched).isEqualTo(new Touched(true));
            assertThat(fresh.call(new Touch("missing", Duration.ofMinutes(1))).join()).isEqualTo(new Touched(false));

            GetV2 answer = (GetV2) fresh.call(new Request.Get("k")).join();
            assertThat(answer.serverTimeMillis()).isGreaterThanOrEqualTo(before);
            assertThat(answer.value()).hasValueSatisfying(v -> {
                assertThat(v.value()).isEqualTo(utf8("v"));
                assertThat(v.expiresAt() - answer.serverTimeMillis()).isBetween(1L, 60_000L); // the touch set a minute
            });
        }
    }

    @Test
    void anOldServerAnswersANewOperationOrVersionWithAnErrorAndKeepsTheConnection() throws IOException {
        startV1Server();
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(frame(1, 1, new Touch("k", Duration.ofMinutes(1))));
            Response.Error unknownOp = (Response.Error) read(c);
            assertThat(unknownOp.status()).isEqualTo(Status.UNSUPPORTED_OPERATION);
            assertThat(Protocol.supportedOperations(unknownOp)).isEqualTo(Protocol.v1().supported());

            c.send(frame(2, 2, new Request.Get("k")));
            Response.Error unknownVersion = (Response.Error) read(c);
            assertThat(unknownVersion.status()).isEqualTo(Status.UNSUPPORTED_VERSION);
            assertThat(Protocol.supportedVersions(unknownVersion)).contains(new VersionRange(OpCode.GET, 1, 1));

            c.send(frame(3, 1, new Request.Ping()));
            assertThat(read(c)).isEqualTo(new Response.Pong());
        }
    }

    static byte[] frame(int id, int version, Request request) {
        ByteBuf out = Unpooled.buffer();
        VersionTwo.protocol().writeRequest(out, id, version, request);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    static Response read(RawConnection c) throws IOException {
        return c.readResponse(Protocol.v1());
    }
}
