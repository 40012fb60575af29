package io.patrickdb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.index.Durability;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.replication.ReplicatedNode;
import io.patrickdb.replication.ReplicationOptions;
import io.patrickdb.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication benchmark's timer against real Patrick-DB nodes: a leader in this JVM, and
 * followers in this JVM (lag) or in child JVMs that it starts and kills (resync).
 */
@Tag("final.bench")
class ReplicationBenchTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args) {
        out.reset();
        err.reset();
        return ReplicationBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] csv(String kind) {
        String line = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(kind + ",")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " line; stderr: " + err));
        String[] fields = line.split(",");
        String names = kind.equals("lag") ? ReplicationBench.LAG_FIELDS : ReplicationBench.RESYNC_FIELDS;
        assertThat(fields).as("fields of %s", line).hasSize(names.split(",").length);
        return fields;
    }

    private ReplicatedNode node(String name, Optional<String> replicaOf) {
        return ReplicatedNode.start(StoreOptions.in(dir.resolve(name)).withDurability(Durability.NEVER),
                ServerOptions.defaults().withIoThreads(1), ReplicationOptions.defaults(), replicaOf);
    }

    @Test
    void lagSamplesEveryFollowerAndEveryProbeBecomesVisible() throws InterruptedException {
        try (ReplicatedNode leader = node("leader", Optional.empty());
             ReplicatedNode follower = node("follower", Optional.of(leader.address()));
             BlockingClient client = BlockingClient.connect(ClientOptions.to("127.0.0.1", leader.port()))) {
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    client.put("load:" + (i % 1000), new byte[100]);
                }
            });
            load.start();
            try {
                int code = run(List.of("lag", "--system", "patrickdb", "--leader", leader.address(), "--follower",
                        follower.address(), "--seconds", "2", "--sample-millis", "10", "--probe-millis", "20"));
                assertThat(code).as("exit code; stderr: %s", err).isZero();
            } finally {
                writing.set(false);
                load.join();
            }
            String[] f = csv("lag");
            assertThat(f[1]).isEqualTo("patrickdb");
            assertThat(Integer.parseInt(f[3])).as("samples in 2 s, one each 10 ms at most").isBetween(20, 201);
            assertThat(Double.parseDouble(f[4])).as("writes per second").isPositive();
            assertThat(Long.parseLong(f[5])).as("lag p50 <= p99").isLessThanOrEqualTo(Long.parseLong(f[6]));
            assertThat(Integer.parseInt(f[11])).as("probes").isGreaterThan(10);
            assertThat(Long.parseLong(f[12])).as("visible p50 <= p99").isLessThanOrEqualTo(Long.parseLong(f[13]));
            assertThat(f[16]).as("timeouts").isEqualTo("0");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("[lag] patrickdb:").contains("records");
        }
    }

    @Test
    void resyncTimesANewFollowerAndThenAKilledOneThatComesBack() throws IOException, InterruptedException {
        List<Long> started = new ArrayList<>();
        try (ReplicatedNode leader = node("leader", Optional.empty());
             BlockingClient client = BlockingClient.connect(ClientOptions.to("127.0.0.1", leader.port()))) {
            for (int i = 0; i < 2000; i++) {
                client.put("key:" + i, new byte[100]);
            }
            int port = freePort();
            List<String> follower = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.logFile=System.err",
                    "-cp", System.getProperty("java.class.path"), "io.patrickdb.cli.Main", "server", "--data-dir",
                    dir.resolve("follower").toString(), "--port", String.valueOf(port), "--http-port", "-1",
                    "--fsync", "never", "--replica-of", leader.address());
            Path log = dir.resolve("follower.log");
            Path pidFile = dir.resolve("follower.pid");
            List<String> common = List.of("resync", "--system", "patrickdb", "--leader", leader.address(), "--follower",
                    "127.0.0.1:" + port, "--log", log.toString(), "--pid-file", pidFile.toString(), "--timeout", "120");
            try {
                List<String> first = new ArrayList<>(common);
                first.addAll(List.of("--same-keys", "--"));
                first.addAll(follower);
                assertThat(run(first)).as("exit code; stderr: %s", err).isZero();
                started.add(Long.parseLong(Files.readString(pidFile).trim()));
                String[] f = csv("resync");
                assertThat(f[4]).as("target: the leader's offset").isEqualTo("2000");
                assertThat(Long.parseLong(f[8])).as("final offset").isGreaterThanOrEqualTo(2000);
                assertThat(f[9]).as("leader's keys").isEqualTo("2000");
                assertThat(f[10]).as("follower's keys").isEqualTo("2000");
                assertThat(Long.parseLong(f[6])).as("answering <= synced").isLessThanOrEqualTo(Long.parseLong(f[7]));
                assertThat(Files.readString(log)).startsWith(ReplicationBench.RESTART_MARK).contains("starts a full resync");

                List<String> second = new ArrayList<>(common);
                second.addAll(List.of("--kill-pid", String.valueOf(started.get(0)), "--down-seconds", "1",
                        "--leader-log", log.toString(), "--"));
                second.addAll(follower);
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < 3000; i++) {
                        client.put("more:" + i, new byte[100]);
                    }
                });
                writer.start();
                int code = run(second);
                writer.join();
                assertThat(code).as("exit code; stderr: %s", err).isZero();
                started.add(Long.parseLong(Files.readString(pidFile).trim()));
                assertThat(ProcessHandle.of(started.get(0)).map(ProcessHandle::isAlive)).as("the killed follower").isNotEqualTo(Optional.of(true));
                String[] g = csv("resync");
                assertThat(Long.parseLong(g[2])).as("down for about a second").isBetween(900L, 10_000L);
                assertThat(Long.parseLong(g[5])).as("missed = target - offset at the kill")
                        .isEqualTo(Long.parseLong(g[4]) - Long.parseLong(g[3]));
                assertThat(Long.parseLong(g[11])).as("lines of the 'leader log' (here the follower's) before the restart").isPositive();
                String restart = Files.readString(log);
                restart = restart.substring(restart.lastIndexOf(ReplicationBench.RESTART_MARK));
                assertThat(restart).as("the restart's log").contains("following " + leader.address()).doesNotContain("full resync");
            } finally {
                for (long pid : started) {
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                    });
                }
            }
        }
    }

    @Test
    void badCommandLinesPrintTheUsage() {
        assertThat(run(List.of())).isEqualTo(2);
        assertThat(run(List.of("dance"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("lag or resync").contains("usage: ReplicationBench");
        assertThat(run(List.of("lag", "--system", "mysql", "--leader", "a:1", "--follower", "b:2"))).isEqualTo(2);
        assertThat(run(List.of("lag", "--system", "redis", "--leader", "a:1"))).isEqualTo(2);
        assertThat(run(List.of("resync", "--system", "redis", "--leader", "a:1", "--follower", "b:2"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("after --");
        assertThat(run(List.of("lag", "--system", "redis", "--leader", "a:1", "--follower", "b:2", "--seconds", "0"))).isEqualTo(2);
        assertThat(run(List.of("--help"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--probe-millis");
    }

    @Test
    void aLeaderThatIsNotThereIsAClearFailure() throws IOException {
        int port = freePort();
        assertThat(run(List.of("lag", "--system", "redis", "--leader", "127.0.0.1:" + port, "--follower", "127.0.0.1:" + port)))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("ReplicationBench lag: ").contains("Connection refused");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(ReplicationBench.pct(hundred, 50)).isEqualTo(50);
        assertThat(ReplicationBench.pct(hundred, 99)).isEqualTo(99);
        assertThat(ReplicationBench.pct(hundred, 100)).isEqualTo(100);
        assertThat(ReplicationBench.pct(new long[] {7}, 99)).isEqualTo(7);
        assertThat(ReplicationBench.pct(new long[0], 50)).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
