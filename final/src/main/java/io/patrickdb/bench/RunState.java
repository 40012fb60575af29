package io.patrickdb.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the connections (on event-loop threads) and the main thread share during a run.
 *
 * <p>Connections write: latencies into a {@link Recorder} (wait-free, so a slow reader never
 * holds up a connection), errors into a {@link LongAdder}. The main thread reads: once a second
 * it takes the interval's histogram out of the recorder, which starts a fresh one.
 */
final class RunState {
    /** HdrHistogram precision: values are exact to three significant digits (0.1%). */
    static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder latencies = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final LongAdder keysLoaded = new LongAdder();
    private final CountDownLatch preloading;
    private final CountDownLatch failed = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean stopping;

    /** The state of a run over {@code connections} connections. */
    RunState(int connections) {
        this.preloading = new CountDownLatch(connections);
    }

    // Written by connections.

    void recordLatency(long micros) {
        latencies.recordValue(micros);
    }

    void error(String message) {
        errors.increment();
        firstError.compareAndSet(null, message);
    }

    void keyLoaded() {
        keysLoaded.increment();
    }

    void connectionPreloaded() {
        preloading.countDown();
    }

    /** The run cannot go on (a connection broke); the main thread stops it. The first reason wins. */
    void fail(String reason) {
        if (failure.compareAndSet(null, reason)) {
            failed.countDown();
        }
    }

    /** Whether the run is over: connections send no more requests and expect to be closed. */
    boolean isStopping() {
        return stopping;
    }

    // Read and called by the main thread.

    void stop() {
        stopping = true;
    }

    /** Waits up to {@code nanos} for every connection to finish its preload; true if they have. */
    boolean awaitPreloaded(long nanos) throws InterruptedException {
        return preloading.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Waits up to {@code nanos}, returning early (with true) if the run has failed. */
    boolean awaitFailure(long nanos) throws InterruptedException {
        return failed.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Why the run failed, or null. */
    String failure() {
        return failure.get();
    }

    /** The latencies recorded since the last call; {@code recycle} is a histogram it returned before, or null. */
    Histogram intervalHistogram(Histogram recycle) {
        return latencies.getIntervalHistogram(recycle);
    }

    long errors() {
        return errors.sum();
    }

    /** The message of the first error response, or null if there was none. */
    String firstError() {
        return firstError.get();
    }

    long keysLoaded() {
        return keysLoaded.sum();
    }
}
