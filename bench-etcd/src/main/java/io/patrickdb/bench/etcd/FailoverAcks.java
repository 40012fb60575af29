package io.patrickdb.bench.etcd;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The writers' answers during {@link EtcdFailover}: how many puts were acknowledged, and the
 * earliest acknowledgement of a put <em>sent after</em> the kill. A put sent before the kill may
 * be acknowledged after it, by an old leader's last commit or by a follower that forwarded it in
 * time; it says nothing about when the group could take new writes again, so it does not count.
 */
final class FailoverAcks implements Outcomes {
    private static final long NONE = Long.MAX_VALUE;

    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong firstAfterKill = new AtomicLong(NONE);
    private volatile long killedAt = NONE;

    @Override
    public void succeeded(long sentNanos, long answeredNanos) {
        acknowledged.increment();
        if (sentNanos > killedAt) {
            firstAfterKill.accumulateAndGet(answeredNanos, Math::min);
        }
    }

    @Override
    public void failed(Throwable cause) {
        failed.increment();
    }

    /** From now on, watches for the first acknowledgement of a put sent after {@code killedAtNanos}. */
    void killedAt(long killedAtNanos) {
        firstAfterKill.set(NONE);
        killedAt = killedAtNanos;
    }

    /** Stops watching (until the next {@link #killedAt}). */
    void disarm() {
        killedAt = NONE;
    }

    /** When the first put sent after the kill was acknowledged ({@link System#nanoTime}), or -1 if none has been yet. */
    long firstAcknowledgedAfterKill() {
        long first = firstAfterKill.get();
        return first == NONE ? -1 : first;
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long failed() {
        return failed.sum();
    }
}
