package io.patrickdb.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.testing.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage at a live server: random bytes, and valid frames with bytes flipped, cut short or
 * glued together, from several connections at once, while a well-behaved client works beside
 * them. The server must stay up, the good client must see every one of its operations succeed,
 * and the store must reopen cleanly with the good client's data intact. The random source is
 * seeded, so a failure replays.
 */
@Tag("chapter2.part4")
class LiveServerFuzzTest {
    private static final long SEED = 0x5EED_0002_0004L;
    private static final int ATTACKERS = 4;
    private static final int PAYLOADS_PER_ATTACKER = 150;

    @TempDir
    Path dir;

    @Test
    void garbageOnOtherConnectionsNeitherCrashesTheServerNorDisturbsAGoodClientNorCorruptsTheStore() throws Exception {
        List<String> goodKeys = new ArrayList<>();
        try (RunningServer server = RunningServer.start(dir, o -> o.withMaxFrameBytes(64 * 1024), s -> s);
             BlockingClient good = BlockingClient.connect(ClientOptions.to("127.0.0.1", server.port()))) {
            ExecutorService attackers = Executors.newFixedThreadPool(ATTACKERS);
            List<Future<?>> attacks = new ArrayList<>();
            for (int a = 0; a < ATTACKERS; a++) {
                Random random = new Random(SEED + a);
                attacks.add(attackers.submit(() -> attack(server.port(), random)));
            }
            int round = 0;
            while (attacks.stream().anyMatch(f -> !f.isDone()) || round < 200) {
                String key = "good:" + round;
                byte[] value = ("value of " + key).getBytes(StandardCharsets.UTF_8);
                good.put(key, value);
                assertThat(good.get(key)).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(value));
                goodKeys.add(key);
                round++;
            }
            for (Future<?> f : attacks) {
                f.get(); // an attacker's own exception would mean the test harness broke, not the server
            }
            attackers.shutdown();
            good.ping();
            assertThat(good.stats().get("keys")).isGreaterThanOrEqualTo(goodKeys.size());
        }
        try (LogStructuredStore reopened = LogStructuredStore.open(StoreOptions.in(dir))) {
            for (String key : goodKeys) {
                assertThat(reopened.get(key)).hasValue(("value of " + key).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** One attacker: a fresh connection per payload, payload sent, connection dropped (or read to the end). */
    private static Void attack(int port, Random random) throws IOException {
        List<byte[]> valid = validFrames();
        for (int i = 0; i < PAYLOADS_PER_ATTACKER; i++) {
            byte[] payload = switch (random.nextInt(4)) {
                case 0 -> randomBytes(random);
                case 1 -> flipped(valid.get(random.nextInt(valid.size())), random);
                case 2 -> cut(valid.get(random.nextInt(valid.size())), random);
                default -> glued(valid, random);
            };
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(2000);
                socket.getOutputStream().write(payload);
                if (random.nextBoolean()) {
                    socket.shutdownOutput();
                    drain(socket.getInputStream()); // read whatever the server says until it closes or goes quiet
                }
            } catch (IOException e) {
                // the server may close on us mid-write: that is its right
            }
        }
        return null;
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) != -1) {
                // discard
            }
        } catch (IOException e) {
            // timed out or reset: done either way
        }
    }

    private static List<byte[]> validFrames() {
        List<Request> requests = List.of(new Request.Ping(), new Request.Get("victim"),
                new Request.Put("victim", "x".repeat(50).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)),
                new Request.Delete("victim"), new Request.CompareAndSet("victim", 3, new byte[10], Duration.ZERO),
                new Request.MultiGet(List.of("a", "b", "victim")), new Request.Stats(),
                new Request.Handshake(Protocol.v1().supported()));
        List<byte[]> frames = new ArrayList<>();
        for (Request r : requests) {
            ByteBuf out = Unpooled.buffer();
            Protocol.v1().writeRequest(out, 1, r.opCode() == 0 ? 0 : 1, r);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            frames.add(b);
        }
        return frames;
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(300)];
        random.nextBytes(b);
        if (random.nextBoolean()) {
            b[0] = 0x50; // half the time, get past the magic check to reach deeper code
            if (b.length > 1) {
                b[1] = 0x44;
            }
        }
        return b;
    }

    private static byte[] flipped(byte[] frame, Random random) {
        byte[] b = frame.clone();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return b;
    }

    private static byte[] cut(byte[] frame, Random random) {
        return java.util.Arrays.copyOf(frame, random.nextInt(frame.length));
    }

    private static byte[] glued(List<byte[]> valid, Random random) {
        ByteBuf out = Unpooled.buffer();
        for (int n = 2 + random.nextInt(5); n > 0; n--) {
            byte[] f = valid.get(random.nextInt(valid.size()));
            out.writeBytes(random.nextInt(3) == 0 ? flipped(f, random) : f);
        }
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }
}
