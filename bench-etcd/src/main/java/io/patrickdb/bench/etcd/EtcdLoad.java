package io.patrickdb.bench.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.patrickdb.bench.core.LoadCommand;
import io.patrickdb.bench.core.LoadSettings;
import io.patrickdb.bench.core.Measurement;
import io.patrickdb.bench.core.Report;
import io.patrickdb.bench.core.RunFailed;
import io.patrickdb.bench.core.Tally;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code etcd-bench load}: drives an etcd cluster as {@code ./patrickdb bench} drives Patrick-DB,
 * and reports in its format.
 *
 * <p>A run has three phases. <b>Preload</b>: every key is stored, so that gets find a value.
 * <b>Warm up</b>: full load, not counted, while the JIT compiles and gRPC's connections settle.
 * <b>Measure</b>: full load, counted. Progress goes to the error stream once a second; the report
 * goes to the output stream at the end.
 *
 * <p>The command line, the warm-up and measurement, and the report are those of
 * {@code ./patrickdb bench}, from {@link io.patrickdb.bench.core}; what is here is jetcd's side:
 * the clients, the request streams, and the preload.
 */
public final class EtcdLoad implements LoadCommand.Generator {
    /** The command; package-private for the tests, which run it without a shell. */
    static final LoadCommand COMMAND = new LoadCommand("etcd-bench load", LoadOptions.USAGE, EtcdLoad::new);
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

    /** A run with the options in {@code commandLine}; throws a usage error for a bad one. */
    private EtcdLoad(List<String> commandLine, PrintStream progress) {
        this.options = LoadOptions.parse(commandLine);
        this.progress = progress;
    }

    /**
     * Runs {@code etcd-bench load} with the options in {@code args} ({@link LoadOptions#USAGE}):
     * the report goes to the output stream, progress to the error stream, and the exit code is
     * {@link LoadCommand}'s.
     */
    public static void main(String[] args) {
        COMMAND.runAndExit(args);
    }

    /** Preloads, warms up and measures; the clients are closed on return. */
    @Override
    public Report measure() throws InterruptedException {
        LoadSettings settings = options.load();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < Math.min(settings.connections(), MAX_CLIENTS); i++) {
            clients.add(Client.builder().endpoints(options.endpoints().toArray(String[]::new)).build());
        }
        Workload workload = new Workload(settings.mix());
        LoadOutcomes outcomes = new LoadOutcomes(new Tally());
        List<RequestStream> streams = new ArrayList<>();
        for (int i = 0; i < settings.connections(); i++) {
            KV kv = clients.get(i % clients.size()).getKVClient();
            streams.add(new RequestStream(kv, workload, settings.pipeline(), outcomes, Duration.ZERO));
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

    /** The warm-up and the measurement. */
    private Report load(List<RequestStream> streams, LoadOutcomes outcomes) throws InterruptedException {
        Tally tally = outcomes.tally();
        Measurement measurement = new Measurement("etcd at " + options.server(), options.load(), tally, progress);
        Report report = measurement.run(() -> streams.forEach(RequestStream::start), Measurement.Pause.sleep());
        if (report.errors() > 0) {
            progress.println("[bench] " + report.errors() + " requests failed; the first: " + tally.firstError());
        }
        return report;
    }

    /**
     * The CSV line: the word {@code csv}, {@code etcd}, connections (request streams), pipeline,
     * get ratio, then the results ({@link Report#csvResults}: operations per second, p50, p99 and
     * p99.9 in microseconds, and errors).
     */
    @Override
    public String csvLine(Report report) {
        LoadSettings l = options.load();
        return String.format(Locale.ROOT, "csv,etcd,%d,%d,%s,%s", l.connections(), l.pipeline(), l.getRatio(),
                report.csvResults());
    }
}
