package io.patrickdb.bench;

import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.replication.quorum.QuorumClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The failover part of {@code scripts/bench-chapter3-raft}: how long a quorum group is without a
 * leader when its leader is killed under load. Four writers put unique keys through a
 * {@link QuorumClient}; each round finds the leader (its status names its pid), remembers its
 * command line, kills it with SIGKILL, and measures the window from the kill to the first write
 * sent after the kill that is acknowledged; then starts the killed node again with the same
 * command line and waits until it has caught up, so that every round kills the leader of a whole
 * group. At the end every acknowledged write is read back: the count of lost ones is printed too.
 *
 * <p>Prints a CSV line {@code failover,patrickdb,ROUNDS,P50_MS,P99_MS,MAX_MS,ACKNOWLEDGED,LOST} on
 * standard output and the windows on standard error. Windows are measured with
 * {@link System#nanoTime()}; the clock is this program's, so it includes the client's retry.
 */
public final class QuorumFailover {
    private static final String USAGE = "usage: QuorumFailover --nodes HOST:PORT,HOST:PORT,... [--rounds 10] [--log-dir DIR]";
    private static final int WRITERS = 4;

    private QuorumFailover() {
    }

    private record Ack(long sent, long acknowledged) {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        List<String> nodes = null;
        int rounds = 10;
        Path logDir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--nodes" -> nodes = List.of(args.get(++i).split(","));
                case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
                case "--log-dir" -> logDir = Path.of(args.get(++i));
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        if (nodes == null) {
            err.println(USAGE);
            return 2;
        }
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> windows = new ArrayList<>();
        List<Process> restarted = new ArrayList<>();
        try (QuorumClient client = QuorumClient.create(nodes, Duration.ofSeconds(30))) {
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(new Thread(() -> write(client, id, acks, acknowledged, stop), "failover-writer-" + w));
            }
            writers.forEach(Thread::start);
            for (int round = 1; round <= rounds; round++) {
                awaitMore(acks, 200);
                RaftStatus.Response leader = leaderStatus(client, nodes);
                List<String> command = commandLine(leader.pid());
                long killedAt = System.nanoTime();
                ProcessHandle.of(leader.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
                long window = awaitAckSentAfter(acks, killedAt) - killedAt;
                windows.add(TimeUnit.NANOSECONDS.toMillis(window));
                err.printf("[failover] round %d: killed %s (pid %d, term %d): %d ms%n", round, leader.nodeId(), leader.pid(),
                        leader.term(), TimeUnit.NANOSECONDS.toMillis(window));
                File log = logDir.resolve(leader.nodeId() + "-restart-" + round + ".log").toFile();
                restarted.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
                awaitCaughtUp(client, nodes, leader.nodeId());
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join(60_000);
            }
            long lost = acknowledged.stream().filter(key -> client.get(key).join().isEmpty()).count();
            Collections.sort(windows);
            out.printf("failover,patrickdb,%d,%d,%d,%d,%d,%d%n", rounds, percentile(windows, 50), percentile(windows, 99),
                    windows.get(windows.size() - 1), acknowledged.size(), lost);
            err.printf("[failover] windows (ms, sorted): %s; %d writes acknowledged, %d lost%n", windows, acknowledged.size(), lost);
            return lost == 0 ? 0 : 1;
        } finally {
            restarted.forEach(Process::destroy); // SIGTERM; the bench script stops the rest
        }
    }

    private static void write(QuorumClient client, int id, ConcurrentLinkedQueue<Ack> acks, ConcurrentLinkedQueue<String> acknowledged,
                              AtomicBoolean stop) {
        byte[] value = new byte[100];
        for (int i = 0; !stop.get(); i++) {
            String key = "failover-" + id + "-" + i;
            long sent = System.nanoTime();
            try {
                client.put(key, value, Duration.ZERO).join();
                acks.add(new Ack(sent, System.nanoTime()));
                acknowledged.add(key);
            } catch (RuntimeException e) {
                // not acknowledged within the client's deadline: nothing promised
            }
        }
    }

    private static RaftStatus.Response leaderStatus(QuorumClient client, List<String> nodes) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            RaftStatus.Response newest = null;
            for (String node : nodes) {
                try {
                    RaftStatus.Response s = client.status(node).get(1, TimeUnit.SECONDS);
                    if (s.role().equals("leader") && (newest == null || s.term() > newest.term())) {
                        newest = s;
                    }
                } catch (Exception e) {
                    // down, or slow: another node will say
                }
            }
            if (newest != null) {
                return newest;
            }
            Thread.sleep(20); // an election is under way
        }
        throw new IllegalStateException("no leader among " + nodes + " for 60 s");
    }

    /** The process's command line, from {@code /proc}: how to start the node again. */
    private static List<String> commandLine(long pid) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                parts.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return parts;
    }

    private static long awaitAckSentAfter(ConcurrentLinkedQueue<Ack> acks, long t) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            Optional<Long> first = acks.stream().filter(a -> a.sent() > t).map(Ack::acknowledged).min(Long::compare);
            if (first.isPresent()) {
                return first.get();
            }
            Thread.sleep(1); // the measurement is the acknowledgement's own timestamp, not this poll's
        }
        throw new IllegalStateException("no write acknowledged within 60 s of the kill");
    }

    private static void awaitMore(ConcurrentLinkedQueue<Ack> acks, int more) throws InterruptedException {
        int target = acks.size() + more;
        while (acks.size() < target) {
            Thread.sleep(10);
        }
    }

    /** Waits until the restarted node has applied what the leader had committed when it started. */
    private static void awaitCaughtUp(QuorumClient client, List<String> nodes, String nodeId) throws InterruptedException {
        RaftStatus.Response leader = leaderStatus(client, nodes);
        long target = leader.commit();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            for (String node : nodes) {
                try {
                    RaftStatus.Response s = client.status(node).get(1, TimeUnit.SECONDS);
                    if (s.nodeId().equals(nodeId) && s.applied() >= target) {
                        return;
                    }
                } catch (Exception e) {
                    // still starting
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(nodeId + " did not catch up within 120 s of its restart");
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
