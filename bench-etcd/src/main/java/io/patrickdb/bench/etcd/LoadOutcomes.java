package io.patrickdb.bench.etcd;

import io.patrickdb.bench.core.Tally;
import java.util.concurrent.TimeUnit;

/**
 * The answers of an {@link EtcdLoad} run, as the streams report them, counted in a {@link Tally}:
 * the one {@code ./patrickdb bench} counts its answers in, read once a second by the same
 * measurement.
 *
 * @param tally where the latencies (in microseconds) and the errors go
 */
record LoadOutcomes(Tally tally) implements Outcomes {

    @Override
    public void succeeded(long sentNanos, long answeredNanos) {
        tally.recordLatency(TimeUnit.NANOSECONDS.toMicros(answeredNanos - sentNanos));
    }

    @Override
    public void failed(Throwable cause) {
        tally.error(String.valueOf(cause));
    }
}
