package io.patrickdb.faults;

import static io.patrickdb.faults.TargetServer.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.testing.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault proxy over real sockets, between a client socket and a {@link TargetServer}. Where a
 * test must show that nothing arrives, it reads with a timeout: a read that times out proves
 * nothing came in that time, and a wrong proxy makes it fail at once, not after a sleep. Time is
 * only ever checked from below (a delay lasts at least so long), never from above: the machine is
 * shared and slow.
 */
@Tag("chapter3.faults")
class FaultProxyTest {
    /** Long enough for a byte to cross the loopback many times over, so silence this long means none is coming. */
    private static final Duration SILENCE = Duration.ofMillis(300);

    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackground() throws InterruptedException {
        background.shutdownNow();
        assertThat(background.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void bytesPassThroughUnchangedBothWays() throws Exception {
        byte[] payload = randomBytes(8 << 20, 1);
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address());
             Socket client = connect(proxy)) {
            CompletableFuture<Void> sent = sendAndEnd(client, payload);
            byte[] echoed = readToEnd(client);
            sent.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(checksum(echoed)).as("checksum of what came back").isEqualTo(checksum(payload));
            assertSameBytes(echoed, payload);
            soon().untilAsserted(() -> {
                assertThat(proxy.bytesForwarded(Direction.CLIENT_TO_SERVER)).isEqualTo(payload.length);
                assertThat(proxy.bytesForwarded(Direction.SERVER_TO_CLIENT)).isEqualTo(payload.length);
            });
            assertThat(proxy.bytesDropped(Direction.BOTH)).isZero();
            assertThat(proxy.connectionsAccepted()).isEqualTo(1);
            assertThat(echo.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void manyConnectionsAtOnceEachGetTheirOwnBytesBack() throws Exception {
        int connections = 64;
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address())) {
            List<Socket> clients = new ArrayList<>();
            List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
            try {
                for (int c = 0; c < connections; c++) {
                    Socket client = connect(proxy);
                    clients.add(client);
                    sendAndEnd(client, randomBytes(256 * 1024, 100 + c));
                    echoes.add(CompletableFuture.supplyAsync(() -> readToEnd(client, new AtomicLong()), background));
                }
                for (int c = 0; c < connections; c++) {
                    assertSameBytes(echoes.get(c).get(PATIENCE.toSeconds(), TimeUnit.SECONDS), randomBytes(256 * 1024, 100 + c));
                }
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
            assertThat(proxy.connectionsAccepted()).isEqualTo(connections);
            assertThat(echo.connectionsAccepted()).isEqualTo(connections);
        }
    }

    @Test
    void aDelayAddsAtLeastItsLatencyToEachWayOfARoundTrip() throws Exception {
        Duration latency = Duration.ofMillis(60);
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address(), 42);
             Socket client = connect(proxy)) {
            proxy.delay(Direction.BOTH, latency, Duration.ofMillis(20));
            for (int i = 0; i < 3; i++) {
                assertThat(roundTrip(client)).as("round trip %d, delayed both ways", i).isGreaterThanOrEqualTo(latency.multipliedBy(2));
            }
            proxy.delay(Direction.SERVER_TO_CLIENT, Duration.ZERO, Duration.ZERO);
            assertThat(roundTrip(client)).as("round trip delayed one way").isGreaterThanOrEqualTo(latency);
            assertThat(proxy.faults(Direction.CLIENT_TO_SERVER).latency()).isEqualTo(latency);
            assertThat(proxy.faults(Direction.SERVER_TO_CLIENT)).isEqualTo(Faults.NONE);
        }
    }

    @Test
    void jitterDelaysChunksByDifferentAmountsButNeverReordersThem() throws Exception {
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address(), 7);
             Socket client = connect(proxy)) {
            proxy.delay(Direction.CLIENT_TO_SERVER, Duration.ZERO, Duration.ofMillis(30));
            byte[] expected = new byte[2000];
            OutputStream out = client.getOutputStream();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) i;
                out.write(expected[i]); // one byte per write: with TCP_NODELAY, mostly one chunk each, each with its own jitter
            }
            assertSameBytes(client.getInputStream().readNBytes(expected.length), expected);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"CLIENT_TO_SERVER", "SERVER_TO_CLIENT"})
    void droppingOneDirectionLosesItsBytesWhileTheOtherStillFlows(Direction dropped) throws Exception {
        try (TargetServer target = TargetServer.holding(); FaultProxy proxy = FaultProxy.start(target.address());
             Ends ends = Ends.connect(proxy, target)) {
            Direction other = dropped == Direction.CLIENT_TO_SERVER ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
            proxy.drop(dropped);
            send(ends.sender(dropped), "lost");
            soon().until(() -> proxy.bytesDropped(dropped) == 4);

            send(ends.sender(other), "still flows");
            assertThat(receive(ends.receiver(other), "still flows".length())).isEqualTo("still flows");

            proxy.heal();
            send(ends.sender(dropped), "after");
            // The first bytes to arrive this way are the ones sent after the heal: "lost" never came.
            assertThat(receive(ends.receiver(dropped), "after".length())).isEqualTo("after");
            soon().until(() -> proxy.bytesForwarded(dropped) == "after".length());
        }
    }

    @Test
    void aBlackholeAcceptsConnectionsButNothingComesBackAndTheTargetSeesNone() throws Exception {
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address());
             Socket before = connect(proxy)) {
            assertThat(roundTrip(before)).isPositive();
            proxy.blackhole();

            try (Socket into = connect(proxy)) {
                send(into, "hello?");
                assertNothingArrives(into);
                soon().until(() -> proxy.connectionsAccepted() == 2);
                assertThat(echo.connectionsAccepted()).as("connections that reached the target").isEqualTo(1);
            }
            send(before, "anyone?");
            assertNothingArrives(before); // a connection made before the partition is cut off too
            soon().until(() -> proxy.bytesDropped(Direction.CLIENT_TO_SERVER) == "hello?anyone?".length());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"CLIENT_TO_SERVER", "SERVER_TO_CLIENT"})
    void aPauseHoldsBytesBackAndAResumeDeliversThemAllInOrder(Direction paused) throws Exception {
        byte[] payload = randomBytes(4 << 20, 2); // about what the TCP buffers hold: the sender may block
        try (TargetServer target = TargetServer.holding(); FaultProxy proxy = FaultProxy.start(target.address());
             Ends ends = Ends.connect(proxy, target)) {
            Direction other = paused == Direction.CLIENT_TO_SERVER ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
            proxy.pause(paused);
            CompletableFuture<Void> sent = sendAndEnd(ends.sender(paused), payload);

            assertNothingArrives(ends.receiver(paused));
            assertThat(proxy.bytesForwarded(paused)).isZero();
            send(ends.sender(other), "meanwhile");
            assertThat(receive(ends.receiver(other), "meanwhile".length())).as("the other way flows").isEqualTo("meanwhile");

            proxy.resume(paused);
            assertSameBytes(readToEnd(ends.receiver(paused)), payload);
            sent.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(proxy.bytesDropped(Direction.BOTH)).isZero();
        }
    }

    @Test
    void resetAllMakesBothEndsSeeAConnectionResetAndLaterConnectionsWork() throws Exception {
        try (TargetServer target = TargetServer.holding(); FaultProxy proxy = FaultProxy.start(target.address());
             Ends ends = Ends.connect(proxy, target)) {
            send(ends.client(), "ping");
            assertThat(receive(ends.server(), 4)).isEqualTo("ping");

            proxy.resetAll();
            assertConnectionReset(ends.client());
            assertConnectionReset(ends.server());
            soon().until(() -> proxy.openConnections() == 0);

            try (Ends later = Ends.connect(proxy, target)) {
                send(later.client(), "again");
                assertThat(receive(later.server(), 5)).isEqualTo("again");
            }
        }
    }

    @Test
    void whileDownEveryNewConnectionIsResetUntilHeal() throws Exception {
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address());
             Socket before = connect(proxy)) {
            assertThat(roundTrip(before)).isPositive();
            proxy.down();
            assertConnectionReset(before);
            try (Socket during = connect(proxy)) {
                assertConnectionReset(during);
            }
            assertThat(echo.connectionsAccepted()).as("only the connection from before reached the target").isEqualTo(1);

            proxy.heal();
            try (Socket after = connect(proxy)) {
                assertThat(roundTrip(after)).isPositive();
            }
        }
    }

    @Test
    void healClearsEveryFaultAndRestoresTrafficOnNewConnections() throws Exception {
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address())) {
            proxy.delay(Direction.BOTH, Duration.ofSeconds(5), Duration.ZERO);
            proxy.pause(Direction.SERVER_TO_CLIENT);
            proxy.blackhole();
            try (Socket inTheBlackhole = connect(proxy)) {
                soon().until(() -> proxy.connectionsAccepted() == 1);

                proxy.heal();
                assertThat(proxy.faults(Direction.CLIENT_TO_SERVER)).isEqualTo(Faults.NONE);
                assertThat(proxy.faults(Direction.SERVER_TO_CLIENT)).isEqualTo(Faults.NONE);
                // It never reached the target: it is reset, so that its client connects again.
                assertConnectionReset(inTheBlackhole);
            }
            try (Socket after = connect(proxy)) {
                assertThat(roundTrip(after)).isPositive();
                assertThat(echo.connectionsAccepted()).isEqualTo(1);
            }
        }
    }

    @Test
    void switchingDelaysAndPausesWhileAStreamFlowsNeverLosesReordersOrCorruptsABit() throws Exception {
        byte[] payload = randomBytes(8 << 20, 3);
        int pieces = 128;
        int piece = payload.length / pieces;
        Random choices = new Random(3);
        try (TargetServer echo = TargetServer.echoing(); FaultProxy proxy = FaultProxy.start(echo.address(), 3);
             Socket client = connect(proxy)) {
            // The writer sends one piece per switch, so that every switch lands while bytes are on their way.
            Semaphore mayWrite = new Semaphore(0);
            CompletableFuture<Void> sent = sendAndEnd(client, payload, piece, mayWrite);
            AtomicLong received = new AtomicLong();
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> readToEnd(client, received), background);

            Direction paused = null;
            for (int i = 0; i < pieces; i++) {
                if (paused != null) {
                    proxy.resume(paused);
                    paused = null;
                } else {
                    Direction direction = Direction.values()[choices.nextInt(3)];
                    switch (choices.nextInt(3)) {
                        case 0 -> proxy.delay(direction, Duration.ofMillis(choices.nextInt(4)), Duration.ofMillis(choices.nextInt(4)));
                        case 1 -> {
                            paused = direction;
                            proxy.pause(direction);
                        }
                        default -> proxy.delay(direction, Duration.ZERO, Duration.ZERO);
                    }
                }
                long before = received.get();
                mayWrite.release();
                if (paused == null) {
                    soon().until(() -> received.get() > before || echoed.isDone());
                }
            }
            proxy.heal();
            sent.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertSameBytes(echoed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), payload);
        }
    }

    @Test
    void switchingDropOnAndOffLosesStretchesButNeverReordersOrCorruptsWhatArrives() throws Exception {
        byte[] payload = randomBytes(4 << 20, 4);
        int pieces = 64;
        int piece = payload.length / pieces;
        try (TargetServer target = TargetServer.holding(); FaultProxy proxy = FaultProxy.start(target.address());
             Ends ends = Ends.connect(proxy, target)) {
            CompletableFuture<byte[]> arrived = CompletableFuture.supplyAsync(() -> readToEnd(ends.server(), new AtomicLong()), background);
            OutputStream out = ends.client().getOutputStream();
            for (int k = 0; k < pieces; k++) {
                // Pieces 0, 1 pass, 2, 3 drop, 4, 5 pass...: an even piece goes whole under its setting,
                // an odd one has the setting flipped while it crosses the proxy, so it may be cut anywhere.
                boolean dropping = (k / 2) % 2 == 1;
                if (k % 2 == 0) {
                    dropping(proxy, dropping);
                }
                out.write(payload, k * piece, piece);
                if (k % 2 == 1) {
                    dropping(proxy, !dropping);
                }
                long handled = (long) (k + 1) * piece;
                soon().until(() -> proxy.bytesForwarded(Direction.CLIENT_TO_SERVER)
                        + proxy.bytesDropped(Direction.CLIENT_TO_SERVER) >= handled);
            }
            proxy.heal();
            ends.client().shutdownOutput();
            byte[] got = arrived.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(proxy.bytesDropped(Direction.CLIENT_TO_SERVER)).as("bytes dropped").isGreaterThanOrEqualTo(piece);
            assertThat((long) got.length).as("bytes that arrived").isGreaterThanOrEqualTo(piece)
                    .isEqualTo(proxy.bytesForwarded(Direction.CLIENT_TO_SERVER));
            assertThat(got.length + proxy.bytesDropped(Direction.CLIENT_TO_SERVER)).isEqualTo(payload.length);
            assertIsWithHoles(got, payload);
        }
    }

    private static void dropping(FaultProxy proxy, boolean dropping) {
        if (dropping) {
            proxy.drop(Direction.CLIENT_TO_SERVER);
        } else {
            proxy.heal();
        }
    }

    @Test
    void aPatrickDbServerAnswersThroughTheProxy(@TempDir Path dir) {
        try (RunningServer server = RunningServer.start(dir);
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", server.port()));
             BlockingClient client = BlockingClient.connect(ClientOptions.to("127.0.0.1", proxy.port()))) {
            client.put("greeting", "hello".getBytes(StandardCharsets.UTF_8));
            proxy.delay(Direction.BOTH, Duration.ofMillis(20), Duration.ofMillis(5));
            assertThat(client.get("greeting")).hasValueSatisfying(v -> assertThat(new String(v.value(), StandardCharsets.UTF_8)).isEqualTo("hello"));
            assertThat(proxy.bytesForwarded(Direction.CLIENT_TO_SERVER)).isPositive();
            assertThat(proxy.bytesForwarded(Direction.SERVER_TO_CLIENT)).isPositive();
        }
    }

    /** Awaitility, polling often: these conditions come true within milliseconds, many times per test. */
    private static ConditionFactory soon() {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    // --- the two ends of a connection through the proxy -------------------------------------------

    /** A connection through the proxy, with both its ends in the test's hands. */
    private record Ends(Socket client, Socket server) implements AutoCloseable {
        static Ends connect(FaultProxy proxy, TargetServer target) throws IOException, InterruptedException {
            Socket client = FaultProxyTest.connect(proxy);
            Socket server = target.nextConnection();
            server.setSoTimeout((int) PATIENCE.toMillis());
            return new Ends(client, server);
        }

        Socket sender(Direction direction) {
            return direction == Direction.CLIENT_TO_SERVER ? client : server;
        }

        Socket receiver(Direction direction) {
            return direction == Direction.CLIENT_TO_SERVER ? server : client;
        }

        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    /** A client connection to the proxy, whose reads give up after {@link TargetServer#PATIENCE} rather than hang. */
    private static Socket connect(FaultProxy proxy) throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        return socket;
    }

    // --- sending and receiving ---------------------------------------------------------------------

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static String receive(Socket socket, int length) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Sends one byte and waits for the echo; returns how long that took. */
    private static Duration roundTrip(Socket socket) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write('x');
        assertThat(socket.getInputStream().read()).as("the echo").isEqualTo('x');
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Writes {@code payload} on a background thread (it may block: nobody reads yet), then ends the output. */
    private CompletableFuture<Void> sendAndEnd(Socket socket, byte[] payload) {
        int piece = 64 * 1024;
        return sendAndEnd(socket, payload, piece, new Semaphore(payload.length / piece + 1));
    }

    /** As above, in pieces of {@code piece} bytes, each only once it gets a permit from {@code mayWrite}. */
    private CompletableFuture<Void> sendAndEnd(Socket socket, byte[] payload, int piece, Semaphore mayWrite) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int offset = 0; offset < payload.length; offset += piece) {
                    mayWrite.acquire();
                    out.write(payload, offset, Math.min(piece, payload.length - offset));
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, background);
    }

    private static byte[] readToEnd(Socket socket) throws IOException {
        return socket.getInputStream().readAllBytes();
    }

    /** Reads until the end of the stream, counting in {@code received} as bytes come in. */
    private static byte[] readToEnd(Socket socket, AtomicLong received) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
                received.addAndGet(n);
            }
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads with a timeout: nothing may arrive within {@link #SILENCE}. */
    private static void assertNothingArrives(Socket socket) throws IOException {
        int patience = socket.getSoTimeout();
        socket.setSoTimeout((int) SILENCE.toMillis());
        try {
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .as("a read that should find nothing to read within %s", SILENCE)
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            socket.setSoTimeout(patience);
        }
    }

    private static void assertConnectionReset(Socket socket) {
        // A reset shows as an exception on the next read ("Connection reset"), not as an end of stream (-1).
        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(SocketException.class)
                .hasMessageContaining("reset");
    }

    // --- the bytes ---------------------------------------------------------------------------------

    /** Random bytes, from a seed: the same every run, and no stretch of them repeats by chance. */
    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static long checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Equal bytes, or a failure that says where they first differ (not eight megabytes of both). */
    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(Arrays.mismatch(actual, expected))
                .as("first byte that differs (of %d received, %d sent); -1 means none", actual.length, expected.length)
                .isEqualTo(-1);
    }

    /**
     * Whether {@code arrived} is {@code sent} with stretches cut out: its bytes in their order, each
     * run of them found, whole, further on in what was sent. After a hole, the next 64 bytes that
     * arrived must be found together further on: random bytes do not repeat a 64-byte run by chance.
     */
    private static void assertIsWithHoles(byte[] arrived, byte[] sent) {
        int at = 0; // where in sent the next arrived byte should be
        for (int i = 0; i < arrived.length; ) {
            if (at < sent.length && sent[at] == arrived[i]) {
                at++;
                i++;
                continue;
            }
            int window = Math.min(64, arrived.length - i);
            int resumed = indexOf(sent, at, arrived, i, window);
            assertThat(resumed).as("the %d bytes that arrived from byte %d on, found further on in what was sent", window, i)
                    .isGreaterThanOrEqualTo(0);
            at = resumed;
        }
    }

    private static int indexOf(byte[] haystack, int from, byte[] needle, int start, int length) {
        for (int at = from; at + length <= haystack.length; at++) {
            if (Arrays.equals(haystack, at, at + length, needle, start, start + length)) {
                return at;
            }
        }
        return -1;
    }
}
