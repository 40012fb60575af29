package io.patrickdb.bench.etcd;

import io.etcd.jetcd.Client;
import io.patrickdb.bench.core.RequestMix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code etcd-bench failover}: etcd's failover window, measured as Patrick-DB's leader-kill test
 * ({@code LeaderKillTest}) measures its own, on a 3-member {@link EtcdGroup} that it starts.
 *
 * <p>Four streams write (puts, one in flight each) through a client of all three members for
 * the whole run. Each round waits until the group is healthy and the writers are getting
 * through, finds the leader, kills it with SIGKILL, and measures the <em>window</em>: from the
 * kill to the first acknowledgement of a put that was sent after the kill. Then it restarts the
 * killed member on its data and waits until the group is healthy again, with that member caught
 * up. The report gives the windows' p50, p99 and maximum in milliseconds (nearest rank, as the
 * test computes them).
 *
 * <p>jetcd sets no deadline on a request, and etcd fails a put it cannot commit only after its
 * own request timeout (5 s plus two election timeouts: 7 s at the defaults). A put that a
 * follower forwarded to the leader just before it died waits that long; if every writer holds
 * one, the window is 7 s, whatever the election took. {@code --request-timeout} gives each put
 * a client-side deadline instead, after which the writer sends a new one, as Patrick-DB's quorum
 * client does after its own (5 s).
 */
public final class EtcdFailover {
    private static final int WRITERS = 4;
    /** Acknowledged puts each round waits for before the kill: the writers are through, at full speed. */
    private static final int ACKS_BEFORE_KILL = 100;
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WINDOW_TIMEOUT = Duration.ofSeconds(30);
    private static final String USAGE = """
            usage: etcd-bench failover [--rounds N] [--request-timeout MS] [--dir DIR]

              Starts a 3-member etcd group on loopback (etcd's defaults), writes to it with 4
              streams of puts, and N times kills the leader with SIGKILL, measures the window
              from the kill to the first put sent after it that is acknowledged, and restarts it.

              --rounds N              leader kills                              (default 5)
              --request-timeout MS    a put not answered in time is replaced    (default 0:
                                      no deadline, as jetcd)
              --dir DIR               the members' data and logs, kept          (default: a
                                      temporary directory, deleted afterwards)
            """;

    private final PrintStream progress;

    private EtcdFailover(PrintStream progress) {
        this.progress = progress;
    }

    /** Runs the measurement from a shell: exit code 0 if every round measured a window, 1 if not, 2 for a bad command line. */
    public static void main(String[] args) throws Exception {
        int rounds = 5;
        long timeoutMillis = 0;
        Path dir = null;
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        try {
            while (!rest.isEmpty()) {
                String option = rest.pop();
                switch (option) {
                    case "--rounds" -> rounds = Integer.parseInt(required(option, rest));
                    case "--request-timeout" -> timeoutMillis = Long.parseLong(required(option, rest));
                    case "--dir" -> dir = Path.of(required(option, rest));
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                }
            }
            if (rounds < 1 || timeoutMillis < 0) {
                throw new IllegalArgumentException("--rounds must be at least 1, --request-timeout at least 0");
            }
        } catch (IllegalArgumentException e) {   // NumberFormatException included
            System.err.println("etcd-bench failover: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        boolean temporary = dir == null;
        Path groupDir = temporary ? Files.createTempDirectory("etcd-failover") : dir;
        try {
            Duration timeout = Duration.ofMillis(timeoutMillis);
            List<Long> windows = new EtcdFailover(System.err).measure(groupDir, rounds, timeout);
            System.out.print(table(windows, timeout));
            System.out.println(csvLine(windows));
        } catch (IllegalStateException e) {
            System.err.println("etcd-bench failover: " + e.getMessage());
            System.exit(1);
        } finally {
            if (temporary) {
                deleteRecursively(groupDir);
            }
        }
    }

    /** Runs the rounds; returns each round's window in milliseconds. */
    private List<Long> measure(Path dir, int rounds, Duration timeout) throws IOException, InterruptedException {
        List<Long> windows = new ArrayList<>();
        try (EtcdGroup group = EtcdGroup.start(dir, HEALTHY_TIMEOUT);
             Client client = Client.builder().endpoints(group.endpoints().split(",")).build()) {
            progress.println("[failover] etcd group at " + group.endpoints() + " (logs in " + dir + ")");
            FailoverAcks acks = new FailoverAcks();
            Workload workload = new Workload(new RequestMix(1_000, 0, 100));   // puts only
            List<RequestStream> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                writers.add(new RequestStream(client.getKVClient(), workload, 1, acks, timeout));
            }
            writers.forEach(RequestStream::start);
            try {
                for (int round = 1; round <= rounds; round++) {
                    EtcdGroup.Member leader = group.awaitHealthy(HEALTHY_TIMEOUT);
                    awaitAcks(acks, acks.acknowledged() + ACKS_BEFORE_KILL);
                    long pid = leader.pid();
                    long killedAt = System.nanoTime();
                    acks.killedAt(killedAt);
                    group.kill(leader);
                    long window = awaitWindow(acks, killedAt);
                    acks.disarm();
                    windows.add(TimeUnit.NANOSECONDS.toMillis(window));
                    progress.printf(Locale.ROOT, "[failover] round %d/%d: killed leader %s (pid %d); window %,d ms; %,d puts failed so far%n",
                            round, rounds, leader.name(), pid, TimeUnit.NANOSECONDS.toMillis(window), acks.failed());
                    group.restart(leader);
                }
                group.awaitHealthy(HEALTHY_TIMEOUT);
            } finally {
                writers.forEach(RequestStream::stop);
                for (RequestStream writer : writers) {
                    writer.awaitIdle(10_000);
                }
            }
        }
        progress.println("[failover] windows, ms: " + windows);
        return windows;
    }

    private static void awaitAcks(FailoverAcks acks, long target) throws InterruptedException {
        long until = System.nanoTime() + WINDOW_TIMEOUT.toNanos();
        while (acks.acknowledged() < target) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the writers got no " + ACKS_BEFORE_KILL + " puts through in "
                        + WINDOW_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }

    /** The window in nanoseconds, polled every 5 ms, as the test polls. */
    private static long awaitWindow(FailoverAcks acks, long killedAt) throws InterruptedException {
        long until = killedAt + WINDOW_TIMEOUT.toNanos();
        long first;
        while ((first = acks.firstAcknowledgedAfterKill()) < 0) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no put sent after the kill was acknowledged within " + WINDOW_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
        return first - killedAt;
    }

    private static String table(List<Long> windows, Duration timeout) {
        List<Long> sorted = sorted(windows);
        return String.format(Locale.ROOT, """
                etcd failover: 3 members on loopback, leader killed with SIGKILL %d times under %d streams of puts (pipeline 1, %s); window = kill to the first acknowledged put sent after it

                | rounds | p50 ms | p99 ms | max ms |
                |-------:|-------:|-------:|-------:|
                | %d | %,d | %,d | %,d |
                """, windows.size(), WRITERS,
                timeout.isZero() ? "no request deadline" : "request deadline " + timeout.toMillis() + " ms", windows.size(), percentile(sorted, 50), percentile(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    /** {@code csv,etcd-failover,rounds,p50,p99,max}, in milliseconds. */
    private static String csvLine(List<Long> windows) {
        List<Long> sorted = sorted(windows);
        return String.format(Locale.ROOT, "csv,etcd-failover,%d,%d,%d,%d", windows.size(), percentile(sorted, 50),
                percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static List<Long> sorted(List<Long> windows) {
        List<Long> sorted = new ArrayList<>(windows);
        Collections.sort(sorted);
        return sorted;
    }

    /** The nearest-rank percentile of {@code sorted}, as LeaderKillTest computes it. */
    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String required(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
