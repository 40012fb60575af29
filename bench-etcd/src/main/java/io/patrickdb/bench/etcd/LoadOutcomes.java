package io.patrickdb.bench.etcd;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The answers of an {@link EtcdLoad} run: latencies in a {@link Recorder} (wait-free, so the main
 * thread, which takes out each second's histogram, never holds up a stream), and errors.
 */
final class LoadOutcomes implements Outcomes {
    /** HdrHistogram precision: values are exact to three significant digits (0.1%), as in Patrick-DB's generator. */
    static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder latencies = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    @Override
    public void succeeded(long sentNanos, long answeredNanos) {
        latencies.recordValue(TimeUnit.NANOSECONDS.toMicros(answeredNanos - sentNanos));
    }

    @Override
    public void failed(Throwable cause) {
        errors.increment();
        firstError.compareAndSet(null, String.valueOf(cause));
    }

    /** The latencies recorded since the last call; {@code recycle} is a histogram it returned before, or null. */
    Histogram intervalHistogram(Histogram recycle) {
        return latencies.getIntervalHistogram(recycle);
    }

    long errors() {
        return errors.sum();
    }

    /** The first failure, or null if there was none. */
    String firstError() {
        return firstError.get();
    }
}
