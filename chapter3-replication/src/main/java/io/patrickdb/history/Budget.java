package io.patrickdb.history;

import java.time.Duration;

/**
 * How much work the checker may do before it gives up and answers "unknown".
 *
 * <p>Checking linearizability is NP-complete: memoisation makes real histories fast, but a
 * pathological one (many concurrent writes and a read no order explains) can still need
 * exponentially many steps. A budget turns "hangs" into an honest "could not decide".
 *
 * @param maxSteps the most search steps (one step tries one operation or undoes one), over all keys
 * @param maxTime the most wall-clock time, over all keys
 */
public record Budget(long maxSteps, Duration maxTime) {
    public Budget {
        if (maxSteps <= 0 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a budget must be positive, not " + maxSteps + " steps and " + maxTime);
        }
    }

    /** No limit worth the name. */
    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE));
    }

    /** At most {@code steps} steps; tests use this because it gives the same answer on every machine. */
    public static Budget ofSteps(long steps) {
        return new Budget(steps, Duration.ofSeconds(Long.MAX_VALUE));
    }

    /** At most {@code time} of wall-clock time. */
    public static Budget ofTime(Duration time) {
        return new Budget(Long.MAX_VALUE, time);
    }
}
