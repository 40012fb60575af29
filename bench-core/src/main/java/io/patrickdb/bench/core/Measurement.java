package io.patrickdb.bench.core;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The two timed phases of a run, once the keys are stored. <b>Warm up</b>: full load, not
 * counted, while the JIT compiles and the server's caches fill. <b>Measure</b>: full load,
 * counted. Both tick once a second, and each tick prints that second's throughput and p99 to the
 * progress stream, so that a run going wrong shows at once.
 *
 * <p>The load itself is the generator's: it starts it, and its connections (or streams) record
 * every answer in the {@link Tally}. At each tick this class takes the second's histogram out of
 * the tally; the measured seconds' histograms are added up into the report.
 */
public final class Measurement {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final String target;
    private final LoadSettings load;
    private final Tally tally;
    private final PrintStream progress;

    /** A measurement of a load with {@code load}'s settings, recorded in {@code tally}, of {@code target} (see {@link Report#target}). */
    public Measurement(String target, LoadSettings load, Tally tally, PrintStream progress) {
        this.target = target;
        this.load = load;
        this.tally = tally;
        this.progress = progress;
    }

    /**
     * How the measuring thread waits for the next tick. A generator whose run can fail on another
     * thread (a connection breaks) returns early and throws {@link RunFailed}, rather than keep
     * measuring a load that is gone.
     */
    @FunctionalInterface
    public interface Pause {
        /** Waits until {@link System#nanoTime} is {@code deadline}. */
        void until(long deadline) throws InterruptedException;

        /** A pause that only sleeps. */
        static Pause sleep() {
            return deadline -> TimeUnit.NANOSECONDS.sleep(deadline - System.nanoTime());
        }
    }

    /** Starts the load ({@code startLoad}), warms up, measures; returns the report of the measured seconds. */
    public Report run(Runnable startLoad, Pause pause) throws InterruptedException {
        Histogram interval = tally.intervalHistogram(null);   // empties the recorder: nothing before the load counts
        startLoad.run();
        long start = System.nanoTime();
        Histogram measured = new Histogram(Tally.SIGNIFICANT_DIGITS);
        long measuredFrom = start;
        long tickAt = start;
        int ticks = load.warmupSeconds() + load.durationSeconds();
        for (int second = 1; second <= ticks; second++) {
            pause.until(start + second * SECOND);
            interval = tally.intervalHistogram(interval);
            long now = System.nanoTime();
            boolean warmingUp = second <= load.warmupSeconds();
            if (warmingUp) {
                measuredFrom = now;   // the measurement starts when the warm-up's last second ends
            } else {
                measured.add(interval);
            }
            printTick(second, warmingUp, interval, (now - tickAt) / (double) SECOND);
            tickAt = now;
        }
        double seconds = (System.nanoTime() - measuredFrom) / (double) SECOND;
        return Report.of(target, load, measured, seconds, tally.errors());
    }

    private void printTick(int second, boolean warmingUp, Histogram interval, double seconds) {
        String when = warmingUp
                ? "warm-up " + second + "/" + load.warmupSeconds() + " s"
                : (second - load.warmupSeconds()) + "/" + load.durationSeconds() + " s";
        long errors = tally.errors();
        progress.printf(Locale.ROOT, "[bench] %s: %,.0f ops/s, p99 %,d us%s%n", when, interval.getTotalCount() / seconds,
                interval.getValueAtPercentile(99), errors == 0 ? "" : ", " + errors + " errors");
    }
}
