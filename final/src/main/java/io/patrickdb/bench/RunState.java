package io.patrickdb.bench;

import io.patrickdb.bench.core.Tally;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the connections (on event-loop threads) and the main thread share during a run.
 *
 * <p>Connections write: latencies and errors into the {@link Tally} (wait-free, so a slow reader
 * never holds up a connection), and the preload's progress. The main thread reads: once a second
 * it takes the interval's histogram out of the tally; and it waits for the preload, or for a
 * failure.
 */
final class RunState {
    private final Tally tally = new Tally();
    private final LongAdder keysLoaded = new LongAdder();
    private final LongAdder redirects = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
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
        tally.recordLatency(micros);
    }

    void error(String message) {
        tally.error(message);
    }

    void keyLoaded() {
        keysLoaded.increment();
    }

    /** A request was redirected to another node (a cluster client sends it again). */
    void redirected() {
        redirects.increment();
    }

    /** A request was sent again to the same node, after a pause (the node knew no leader). */
    void retried() {
        retries.increment();
    }

    /** The counter of the answers from the node at {@code address}, one per node, for its links to add to. */
    LongAdder answersFrom(String address) {
        return answers.computeIfAbsent(address, a -> new LongAdder());
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

    /** The latencies and errors of the load. */
    Tally tally() {
        return tally;
    }

    long keysLoaded() {
        return keysLoaded.sum();
    }

    /** How many requests were redirected, preload included. */
    long redirects() {
        return redirects.sum();
    }

    /** How many requests were sent again to the same node after a pause, preload included. */
    long retries() {
        return retries.sum();
    }

    /** How many answers came from the node at {@code address} (redirects not counted), preload included; 0 for a node never asked. */
    long answeredBy(String address) {
        LongAdder count = answers.get(address);
        return count == null ? 0 : count.sum();
    }

    /** The nodes that answered, in no particular order. */
    java.util.Set<String> nodesAnswering() {
        return answers.keySet();
    }
}
