package io.patrickdb.bench.etcd;

import io.etcd.jetcd.KV;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a connection is to {@code ./patrickdb bench}: a closed loop that keeps {@code pipeline}
 * requests in flight. It sends that many, and sends one more each time one is answered or fails,
 * until it is stopped. (jetcd multiplexes requests over gRPC, so a stream owns no socket: the
 * streams share a few clients.)
 *
 * <p>A failed request is replaced at once, as Patrick-DB's generator replaces it: the error is
 * counted, and the load stays what was asked for. A request has no deadline unless one is given
 * (jetcd sets none): with one, a request not answered in time fails here and is replaced, though
 * etcd may still carry it out.
 */
final class RequestStream {
    private final KV kv;
    private final Workload workload;
    private final int pipeline;
    private final Outcomes outcomes;
    private final long timeoutNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    /**
     * A stream of the requests {@code workload} picks, sent through {@code kv}, answers reported to
     * {@code outcomes}; a request not answered within {@code timeout} fails ({@link Duration#ZERO}: never).
     */
    RequestStream(KV kv, Workload workload, int pipeline, Outcomes outcomes, Duration timeout) {
        this.kv = kv;
        this.workload = workload;
        this.pipeline = pipeline;
        this.outcomes = outcomes;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Fills the pipeline; from then on, each answer sends the next request. */
    void start() {
        for (int i = 0; i < pipeline; i++) {
            send();
        }
    }

    /** Sends no more requests; those in flight still complete. */
    void stop() {
        stopping = true;
    }

    /** Waits up to {@code millis} for the requests in flight to complete, after {@link #stop}; true if they have. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (inFlight.get() > 0) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void send() {
        if (stopping) {
            return;
        }
        inFlight.incrementAndGet();
        long sent = System.nanoTime();
        CompletableFuture<?> answer;
        try {
            // A get is linearizable: jetcd's default, and etcd's.
            answer = workload.nextIsGet() ? kv.get(workload.randomKey()) : kv.put(workload.randomKey(), workload.randomValue());
        } catch (RuntimeException e) {   // a closed client throws rather than fails the future
            inFlight.decrementAndGet();
            outcomes.failed(e);
            return;   // not replaced: it would throw again, at once, for ever
        }
        if (timeoutNanos > 0) {
            answer = answer.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        answer.whenComplete((response, failure) -> {
            long answered = System.nanoTime();
            if (failure == null) {
                outcomes.succeeded(sent, answered);
            } else {
                outcomes.failed(failure);
            }
            inFlight.decrementAndGet();
            send();
        });
    }
}
