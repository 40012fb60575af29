package io.patrickdb.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The faults set on one direction of a {@link FaultProxy}. {@link #NONE} is a healthy link.
 *
 * @param latency added to every chunk of bytes before it is passed on
 * @param jitter the most that is added on top of {@code latency}, a uniformly random amount per
 *     chunk (never so much that a chunk overtakes the one before it)
 * @param dropping whether the bytes are thrown away instead of passed on
 * @param paused whether the proxy has stopped reading, so that bytes wait in the buffers
 */
public record Faults(Duration latency, Duration jitter, boolean dropping, boolean paused) {
    /** No fault at all. */
    public static final Faults NONE = new Faults(Duration.ZERO, Duration.ZERO, false, false);

    public Faults {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        if (latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: latency " + latency + ", jitter " + jitter);
        }
    }

    public Faults withDelay(Duration latency, Duration jitter) {
        return new Faults(latency, jitter, dropping, paused);
    }

    public Faults withDropping(boolean dropping) {
        return new Faults(latency, jitter, dropping, paused);
    }

    public Faults withPaused(boolean paused) {
        return new Faults(latency, jitter, dropping, paused);
    }

    /** The delay for the next chunk: the latency plus a random share of the jitter. */
    long delayNanos(RandomGenerator random) {
        long jitterNanos = jitter.toNanos();
        return latency.toNanos() + (jitterNanos == 0 ? 0 : random.nextLong(jitterNanos + 1));
    }
}
