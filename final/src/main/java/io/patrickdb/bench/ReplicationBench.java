package io.patrickdb.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The measuring side of {@code scripts/bench-chapter3}, for Patrick-DB and for Redis alike: how
 * far followers lag behind a leader under load, and how long a follower takes to (re)sync.
 *
 * <ul>
 *   <li>{@code lag}: while some other process loads the leader, samples every few milliseconds
 *       how far each follower is behind (in the system's offsets: Patrick-DB's records, Redis's
 *       bytes of replication stream), and every few tens of milliseconds writes a unique key to
 *       the leader and reads it from a follower, back to back, until it is there: how long a
 *       write that the leader has acknowledged stays invisible on a follower.
 *   <li>{@code resync}: starts a follower process (the command after {@code --}) and times it
 *       until it has everything the leader had when it started. With {@code --kill-pid} it first
 *       kills a running follower with SIGKILL and waits {@code --down-seconds}: the outage, then
 *       the restart and its catch-up.
 * </ul>
 *
 * Each prints one CSV line on standard output (fields in {@link #LAG_FIELDS} and
 * {@link #RESYNC_FIELDS}) and a sentence on standard error.
 */
public final class ReplicationBench {
    static final String LAG_FIELDS = "lag,system,seconds,samples,writes_per_s,ack_p50,ack_p99,ack_max,own_p50,own_p99,own_max,"
            + "probes,visible_p50_us,visible_p99_us,visible_max_us,probe_write_p50_us,timeouts";
    static final String RESYNC_FIELDS = "resync,system,down_ms,offset_at_kill,target,missed,ready_ms,synced_ms,final_offset,"
            + "leader_keys,follower_keys,leader_log_lines";
    /** The line {@code resync} appends to the follower's {@code --log} before it starts the follower: what follows is the restart's. */
    static final String RESTART_MARK = "=== ReplicationBench starts the follower ===";

    static final String USAGE = """
            usage: ReplicationBench lag --system patrickdb|redis --leader HOST:PORT --follower HOST:PORT [--follower ...]
                                        [--delay SECONDS] [--seconds 10] [--sample-millis 10] [--probe-millis 20]
                                        [--value-size 100]
                   ReplicationBench resync --system patrickdb|redis --leader HOST:PORT --follower HOST:PORT
                                        [--kill-pid PID --down-seconds 30] [--same-keys] [--timeout 600]
                                        [--log FILE] [--pid-file FILE] [--leader-log FILE] -- COMMAND [ARGS...]

              lag     samples each follower's lag (offset behind the leader: Patrick-DB records, Redis bytes)
                      and probes it (write a key to the leader, read the follower until it has it)
              resync  starts COMMAND, a follower of the leader, and times it until its offset reaches the
                      leader's when it started (--same-keys: and it holds as many keys); with --kill-pid,
                      first SIGKILLs that follower and waits --down-seconds. COMMAND keeps running: its pid
                      goes to --pid-file, its output to --log (after a line that marks the start); the
                      CSV line ends with how many lines --leader-log had at the start
            """;

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long PROBE_TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    private final PrintStream out;
    private final PrintStream err;

    private ReplicationBench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one sub-command; returns 0 when it measured, 1 when it failed, 2 for a bad command line. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ReplicationBench: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        ReplicationBench bench = new ReplicationBench(out, err);
        try {
            if (options.mode.equals("lag")) {
                bench.lag(options);
            } else {
                bench.resync(options);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("ReplicationBench " + options.mode + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ReplicationBench " + options.mode + ": interrupted");
            return 1;
        }
    }

    // ---- lag ------------------------------------------------------------------------------

    private void lag(Options o) throws IOException, InterruptedException {
        List<ReplicaNode> opened = new ArrayList<>();
        try {
            ReplicaNode sampledLeader = open(o.system, o.leader, opened);
            ReplicaNode probedLeader = open(o.system, o.leader, opened);
            List<ReplicaNode> sampled = new ArrayList<>();
            List<ReplicaNode> probed = new ArrayList<>();
            for (String f : o.followers) {
                sampled.add(open(o.system, f, opened));
                probed.add(open(o.system, f, opened));
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.delaySeconds));
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(o.seconds);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Samples samples = new Samples();
            Probes probes = new Probes();
            Thread sampler = new Thread(() -> guard(failure, () -> sample(o, sampledLeader, sampled, end, samples)), "lag-sampler");
            Thread prober = new Thread(() -> guard(failure, () -> probe(o, probedLeader, probed, end, probes)), "lag-prober");
            sampler.start();
            prober.start();
            sampler.join();
            prober.join();
            if (failure.get() != null) {
                throw new IOException(failure.get().getMessage(), failure.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] ack = samples.ackLag.sorted();
            long[] own = samples.ownLag.sorted();
            long[] visible = probes.visible.sorted();
            long[] write = probes.write.sorted();
            double writesPerSecond = (samples.lastLeaderOffset - samples.firstLeaderOffset) / seconds;
            out.printf(Locale.ROOT, "lag,%s,%.3f,%d,%.0f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d%n", o.system, seconds, samples.count,
                    writesPerSecond, pct(ack, 50), pct(ack, 99), max(ack), pct(own, 50), pct(own, 99), max(own), visible.length,
                    pct(visible, 50), pct(visible, 99), max(visible), pct(write, 50), probes.timeouts);
            String unit = o.system.equals("redis") ? "bytes" : "records";
            err.printf(Locale.ROOT, "[lag] %s: %d samples, lag (leader's view) p50 %,d p99 %,d %s, (follower's own offset) p50 %,d "
                    + "p99 %,d; %d probes visible on a follower p50 %,d us p99 %,d us after the write's ack; %d timed out%n",
                    o.system, samples.count, pct(ack, 50), pct(ack, 99), unit, pct(own, 50), pct(own, 99), visible.length,
                    pct(visible, 50), pct(visible, 99), probes.timeouts);
        } finally {
            opened.forEach(ReplicaNode::close);
        }
    }

    /**
     * Every {@code --sample-millis}: each follower's own offset, then the leader's status (its
     * offset and what each follower acknowledged). The follower is asked first, so that its lag
     * behind the leader's later offset is an upper bound, never below zero.
     */
    private static void sample(Options o, ReplicaNode leader, List<ReplicaNode> followers, long end, Samples samples)
            throws IOException {
        long tick = System.nanoTime();
        long[] own = new long[followers.size()];
        while (tick < end) {
            for (int i = 0; i < followers.size(); i++) {
                own[i] = followers.get(i).replication().offset();
            }
            ReplicaNode.Replication l = leader.replication();
            if (samples.count == 0) {
                samples.firstLeaderOffset = l.offset();
            }
            samples.lastLeaderOffset = l.offset();
            samples.count++;
            for (int i = 0; i < followers.size(); i++) {
                samples.ownLag.add(Math.max(0, l.offset() - own[i]));
                Long acknowledged = l.acknowledged().get(o.followers.get(i));
                if (acknowledged != null) {
                    samples.ackLag.add(Math.max(0, l.offset() - acknowledged));
                }
            }
            tick = sleepUntil(tick + o.sampleMillis * MILLI);
        }
    }

    /**
     * Every {@code --probe-millis}: a unique key to the leader, then gets on one follower (taking
     * turns) back to back until one finds it. Visible = the finding get's answer minus the put's.
     */
    private static void probe(Options o, ReplicaNode leader, List<ReplicaNode> followers, long end, Probes probes)
            throws IOException {
        byte[] value = new byte[o.valueSize];
        SplittableRandom random = new SplittableRandom();
        random.nextBytes(value);
        String run = Long.toHexString(random.nextLong() >>> 16);
        long tick = System.nanoTime();
        int n = 0;
        while (tick < end) {
            String key = "probe:" + run + ":" + n;
            ReplicaNode follower = followers.get(n % followers.size());
            n++;
            long sent = System.nanoTime();
            leader.put(key, value);
            long acknowledged = System.nanoTime();
            long found;
            while (true) {
                boolean has = follower.has(key);
                found = System.nanoTime();
                if (has) {
                    probes.visible.add(TimeUnit.NANOSECONDS.toMicros(found - acknowledged));
                    probes.write.add(TimeUnit.NANOSECONDS.toMicros(acknowledged - sent));
                    break;
                }
                if (found - acknowledged > PROBE_TIMEOUT) {
                    probes.timeouts++;
                    break;
                }
            }
            tick = sleepUntil(Math.max(tick + o.probeMillis * MILLI, found));
        }
    }

    // ---- resync ---------------------------------------------------------------------------

    private void resync(Options o) throws IOException, InterruptedException {
        try (ReplicaNode leader = ReplicaNode.connect(o.system, o.leader)) {
            long downMillis = 0;
            long offsetAtKill = 0;
            if (o.killPid.isPresent()) {
                ProcessHandle victim = ProcessHandle.of(o.killPid.get())
                        .orElseThrow(() -> new IOException("no process " + o.killPid.get() + " to kill"));
                offsetAtKill = leader.replication().offset();
                long killed = System.nanoTime();
                victim.destroyForcibly(); // SIGKILL
                try {
                    victim.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    throw new IOException("process " + o.killPid.get() + " survived SIGKILL for 30 s");
                }
                err.printf(Locale.ROOT, "[resync] killed %d at leader offset %,d; restarting it in %d s%n", o.killPid.get(),
                        offsetAtKill, o.downSeconds);
                sleepUntil(killed + TimeUnit.SECONDS.toNanos(o.downSeconds));
                downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            }
            long target = leader.replication().offset();
            long leaderKeys = o.sameKeys ? leader.keys() : -1;
            long leaderLogLines = o.leaderLog == null ? -1 : lines(o.leaderLog);
            if (o.log != null) {
                Files.writeString(o.log, RESTART_MARK + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            long start = System.nanoTime();
            Process process = start(o);
            long ready = -1;
            long finalOffset;
            long followerKeys = -1;
            ReplicaNode follower = null;
            long deadline = start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds);
            try {
                while (true) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the follower did not reach offset " + target + " within " + o.timeoutSeconds + " s");
                    }
                    if (!process.isAlive()) {
                        throw new IOException("the follower exited with " + process.exitValue() + " (see " + o.log + ")");
                    }
                    try {
                        if (follower == null) {
                            follower = ReplicaNode.connect(o.system, o.follower);
                        }
                        ReplicaNode.Replication r = follower.replication();
                        if (ready < 0) {
                            ready = System.nanoTime();
                        }
                        if (r.linkUp() && r.offset() >= target) {
                            followerKeys = o.sameKeys ? follower.keys() : -1;
                            if (followerKeys == leaderKeys) {
                                finalOffset = r.offset();
                                break;
                            }
                        }
                    } catch (IOException e) { // not listening yet, or (Redis) still loading: ask again
                        if (follower != null && !(e instanceof RespClient.RedisError)) {
                            follower.close();
                            follower = null;
                        }
                    }
                    Thread.sleep(10);
                }
            } finally {
                if (follower != null) {
                    follower.close();
                }
            }
            long synced = System.nanoTime();
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(ready - start);
            long syncedMillis = TimeUnit.NANOSECONDS.toMillis(synced - start);
            long missed = target - offsetAtKill;
            out.printf(Locale.ROOT, "resync,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d%n", o.system, downMillis, offsetAtKill, target, missed,
                    readyMillis, syncedMillis, finalOffset, leaderKeys, followerKeys, leaderLogLines);
            err.printf(Locale.ROOT, "[resync] %s follower (pid %d) answering after %,d ms, at the leader's offset %,d after %,d ms%n",
                    o.system, process.pid(), readyMillis, target, syncedMillis);
        }
    }

    private static Process start(Options o) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(o.command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(o.log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(o.log.toFile()));
        Process process = builder.start();
        if (o.pidFile != null) {
            Files.writeString(o.pidFile, process.pid() + "\n", StandardCharsets.US_ASCII);
        }
        return process;
    }

    // ---- helpers --------------------------------------------------------------------------

    /** How many lines the file has now (its newline bytes). */
    private static long lines(Path file) throws IOException {
        long count = 0;
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static ReplicaNode open(String system, String address, List<ReplicaNode> opened) throws IOException {
        ReplicaNode node = ReplicaNode.connect(system, address);
        opened.add(node);
        return node;
    }

    private interface Body {
        void run() throws IOException;
    }

    private static void guard(AtomicReference<Throwable> failure, Body body) {
        try {
            body.run();
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Sleeps until {@code when} (System.nanoTime), if it is still ahead; returns it. */
    private static long sleepUntil(long when) {
        long left = when - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return when;
    }

    /** The nearest-rank percentile of sorted values; 0 for none. */
    static long pct(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    /** A growing list of longs. */
    static final class Longs {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    private static final class Samples {
        final Longs ackLag = new Longs();
        final Longs ownLag = new Longs();
        int count;
        long firstLeaderOffset;
        long lastLeaderOffset;
    }

    private static final class Probes {
        final Longs visible = new Longs();
        final Longs write = new Longs();
        int timeouts;
    }

    /** The command line of either sub-command. */
    static final class Options {
        String mode;
        String system;
        String leader;
        final List<String> followers = new ArrayList<>();
        String follower;
        int delaySeconds;
        int seconds = 10;
        int sampleMillis = 10;
        int probeMillis = 20;
        int valueSize = 100;
        Optional<Long> killPid = Optional.empty();
        int downSeconds = 30;
        boolean sameKeys;
        int timeoutSeconds = 600;
        Path log;
        Path pidFile;
        Path leaderLog;
        List<String> command = List.of();

        static Options parse(List<String> args) {
            Options o = new Options();
            Deque<String> rest = new ArrayDeque<>(args);
            o.mode = rest.pop();
            if (!o.mode.equals("lag") && !o.mode.equals("resync")) {
                throw new IllegalArgumentException("the sub-command is lag or resync, not '" + o.mode + "'");
            }
            while (!rest.isEmpty()) {
                String option = rest.pop();
                switch (option) {
                    case "--system" -> o.system = value(option, rest);
                    case "--leader" -> o.leader = value(option, rest);
                    case "--follower" -> {
                        o.follower = value(option, rest);
                        o.followers.add(o.follower);
                    }
                    case "--delay" -> o.delaySeconds = number(option, rest, 0);
                    case "--seconds" -> o.seconds = number(option, rest, 1);
                    case "--sample-millis" -> o.sampleMillis = number(option, rest, 1);
                    case "--probe-millis" -> o.probeMillis = number(option, rest, 1);
                    case "--value-size" -> o.valueSize = number(option, rest, 0);
                    case "--kill-pid" -> o.killPid = Optional.of((long) number(option, rest, 1));
                    case "--down-seconds" -> o.downSeconds = number(option, rest, 0);
                    case "--same-keys" -> o.sameKeys = true;
                    case "--timeout" -> o.timeoutSeconds = number(option, rest, 1);
                    case "--log" -> o.log = Path.of(value(option, rest));
                    case "--pid-file" -> o.pidFile = Path.of(value(option, rest));
                    case "--leader-log" -> o.leaderLog = Path.of(value(option, rest));
                    case "--" -> {
                        o.command = List.copyOf(rest);
                        rest.clear();
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                }
            }
            if (o.system == null || !ReplicaNode.SYSTEMS.contains(o.system)) {
                throw new IllegalArgumentException("--system must be one of " + ReplicaNode.SYSTEMS);
            }
            if (o.leader == null || o.followers.isEmpty()) {
                throw new IllegalArgumentException("--leader and at least one --follower are needed");
            }
            if (o.mode.equals("resync")) {
                if (o.followers.size() != 1) {
                    throw new IllegalArgumentException("resync times one --follower");
                }
                if (o.command.isEmpty()) {
                    throw new IllegalArgumentException("resync needs the follower's command after --");
                }
            }
            return o;
        }

        private static String value(String option, Deque<String> rest) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.pop();
        }

        private static int number(String option, Deque<String> rest, int min) {
            String text = value(option, rest);
            int n;
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number, not '" + text + "'");
            }
            if (n < min) {
                throw new IllegalArgumentException(option + " must be at least " + min + ", not " + n);
            }
            return n;
        }
    }
}
