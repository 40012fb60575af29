package io.patrickdb.bench.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * {@code etcd-bench load}: drives an etcd cluster as {@code ./patrickdb bench} drives Patrick-DB,
 * and reports in its format.
 *
 * <p>A run has three phases. <b>Preload</b>: every key is stored, so that gets find a value.
 * <b>Warm up</b>: full load, not counted, while the JIT compiles and gRPC's connections settle.
 * <b>Measure</b>: full load, counted. Progress goes to the error stream once a second; the report
 * goes to the output stream at the end.
 */
public final class EtcdLoad {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /**
     * At most this many jetcd clients: each has its own HTTP/2 connection to every member, which
     * already carries any number of concurrent requests; more would only add threads.
     */
    private static final int MAX_CLIENTS = 4;
    /** Puts in flight while preloading: enough to fill etcd's batches, few enough not to queue for seconds. */
    private static final int PRELOAD_IN_FLIGHT = 256;
    /** The preload fails if no key was stored for this long. */
    private static final long PRELOAD_STALL = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_MILLIS = 10_000;

    private final LoadOptions options;
    private final PrintStream progress;

    private EtcdLoad(LoadOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the generator from a shell; see {@link #run}. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Runs the generator with the options in {@code args} ({@link LoadOptions#USAGE}); prints the
     * report on {@code out} and progress on {@code err}. Returns the exit code: 0 for a clean
     * run, 1 if the run failed or any request failed, 2 for a bad command line.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(LoadOptions.USAGE);
            return 0;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (LoadOptions.UsageException e) {
            err.println("etcd-bench load: " + e.getMessage());
            err.print(LoadOptions.USAGE);
            return 2;
        }
        try {
            LoadReport report = new EtcdLoad(options, err).measure();
            out.print(report.table());
            if (options.csv()) {
                out.println(report.csvLine());
            }
            out.flush();
            return report.errors() == 0 ? 0 : 1;
        } catch (RunFailed e) {
            err.println("etcd-bench load: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("etcd-bench load: interrupted");
            return 1;
        }
    }

    /** Preloads, warms up and measures; the clients are closed on return. */
    private LoadReport measure() throws InterruptedException {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < Math.min(options.connections(), MAX_CLIENTS); i++) {
            clients.add(Client.builder().endpoints(options.endpoints().toArray(String[]::new)).build());
        }
        Workload workload = new Workload(options.keys(), options.valueSize(), options.getRatio());
        LoadOutcomes outcomes = new LoadOutcomes();
        List<RequestStream> streams = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            KV kv = clients.get(i % clients.size()).getKVClient();
            streams.add(new RequestStream(kv, workload, options.pipeline(), outcomes, Duration.ZERO));
        }
        progress.printf("[bench] %d request streams over %d jetcd clients to %s%n", streams.size(), clients.size(),
                options.server());
        try {
            preload(clients, workload);
            return load(streams, outcomes);
        } finally {
            streams.forEach(RequestStream::stop);
            for (RequestStream stream : streams) {
                stream.awaitIdle(DRAIN_MILLIS);
            }
            clients.forEach(Client::close);
        }
    }

    /** Stores every key, at most {@link #PRELOAD_IN_FLIGHT} at a time; fails on the first error, or a stall. */
    private void preload(List<Client> clients, Workload workload) throws InterruptedException {
        Semaphore inFlight = new Semaphore(PRELOAD_IN_FLIGHT);
        LongAdder stored = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        PreloadWatch watch = new PreloadWatch(workload.keys());
        for (int key = 0; key < workload.keys() && failure.get() == null; key++) {
            while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                watch.check(stored.sum());
            }
            watch.check(stored.sum());
            KV kv = clients.get(key % clients.size()).getKVClient();
            kv.put(workload.key(key), workload.randomValue()).whenComplete((response, e) -> {
                if (e == null) {
                    stored.increment();
                } else {
                    failure.compareAndSet(null, e);
                }
                inFlight.release();
            });
        }
        while (!inFlight.tryAcquire(PRELOAD_IN_FLIGHT, 100, TimeUnit.MILLISECONDS)) {
            watch.check(stored.sum());
        }
        if (failure.get() != null) {
            throw new RunFailed("a put failed while storing the keys: " + failure.get());
        }
        progress.printf(Locale.ROOT, "[bench] preloaded %,d keys%n", stored.sum());
    }

    /** Prints the preload's progress once a second, and fails it when no key was stored for {@link #PRELOAD_STALL}. */
    private final class PreloadWatch {
        private final int keys;
        private long printedAt = System.nanoTime();
        private long changedAt = printedAt;
        private long lastStored;

        PreloadWatch(int keys) {
            this.keys = keys;
        }

        void check(long stored) {
            long now = System.nanoTime();
            if (stored != lastStored) {
                lastStored = stored;
                changedAt = now;
            } else if (now - changedAt > PRELOAD_STALL) {
                throw new RunFailed("the preload stalled at " + stored + " of " + keys + " keys: no answer for "
                        + TimeUnit.NANOSECONDS.toSeconds(PRELOAD_STALL) + " s from " + options.server());
            }
            if (now - printedAt >= SECOND) {
                printedAt = now;
                progress.printf(Locale.ROOT, "[bench] preloading: %,d of %,d keys%n", stored, keys);
            }
        }
    }

    /** The warm-up and the measurement: one tick a second, each printing that second's figures. */
    private LoadReport load(List<RequestStream> streams, LoadOutcomes outcomes) throws InterruptedException {
        Histogram interval = outcomes.intervalHistogram(null);   // empty: the preload records nothing
        streams.forEach(RequestStream::start);
        long start = System.nanoTime();
        Histogram measured = new Histogram(LoadOutcomes.SIGNIFICANT_DIGITS);
        long measuredFrom = start;
        long tickAt = start;
        int ticks = options.warmupSeconds() + options.durationSeconds();
        for (int second = 1; second <= ticks; second++) {
            TimeUnit.NANOSECONDS.sleep(start + second * SECOND - System.nanoTime());
            interval = outcomes.intervalHistogram(interval);
            long now = System.nanoTime();
            boolean warmingUp = second <= options.warmupSeconds();
            if (warmingUp) {
                measuredFrom = now;
            } else {
                measured.add(interval);
            }
            printTick(second, warmingUp, interval, (now - tickAt) / (double) SECOND, outcomes.errors());
            tickAt = now;
        }
        double seconds = (System.nanoTime() - measuredFrom) / (double) SECOND;
        LoadReport report = LoadReport.of(options, measured, seconds, outcomes.errors());
        if (report.errors() > 0) {
            progress.println("[bench] " + report.errors() + " requests failed; the first: " + outcomes.firstError());
        }
        return report;
    }

    private void printTick(int second, boolean warmingUp, Histogram interval, double seconds, long errors) {
        String when = warmingUp
                ? "warm-up " + second + "/" + options.warmupSeconds() + " s"
                : (second - options.warmupSeconds()) + "/" + options.durationSeconds() + " s";
        progress.printf(Locale.ROOT, "[bench] %s: %,.0f ops/s, p99 %,d us%s%n", when, interval.getTotalCount() / seconds,
                interval.getValueAtPercentile(99), errors == 0 ? "" : ", " + errors + " errors");
    }

    /** The run could not go on: the message says why, for the user. */
    private static final class RunFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunFailed(String message) {
            super(message);
        }
    }
}
