package io.patrickdb.bench.core;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the answers of a load came to, so far: their latencies and their errors. Written by the
 * threads that receive answers, several at once; read by the thread that measures.
 *
 * <p>Latencies go into an HdrHistogram {@link Recorder}: recording is wait-free, so a slow
 * reader never holds up an answer, and once a second the reader takes out the interval's
 * histogram, which starts a fresh one. Errors go into a {@link LongAdder}, which many threads
 * can add to without fighting over one counter.
 */
public final class Tally {
    /** HdrHistogram precision: values are exact to three significant digits (0.1%). */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder latencies = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /** A request was answered, {@code micros} microseconds after it was sent. */
    public void recordLatency(long micros) {
        latencies.recordValue(micros);
    }

    /** A request failed; the first failure's {@code message} is kept, for the user. */
    public void error(String message) {
        errors.increment();
        firstError.compareAndSet(null, message);
    }

    /** The latencies recorded since the last call; {@code recycle} is a histogram it returned before, or null. */
    public Histogram intervalHistogram(Histogram recycle) {
        return latencies.getIntervalHistogram(recycle);
    }

    /** How many requests failed. */
    public long errors() {
        return errors.sum();
    }

    /** The message of the first failure, or null if there was none. */
    public String firstError() {
        return firstError.get();
    }
}
