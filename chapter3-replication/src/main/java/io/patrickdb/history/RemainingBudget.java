package io.patrickdb.history;

import java.time.Duration;

/** What is left of a {@link Budget} during one check. Not thread-safe: one check, one thread. */
final class RemainingBudget {
    /** Reading the clock costs more than a step; look at it once every this many steps. */
    private static final int CLOCK_INTERVAL = 1024;
    /** A time budget longer than this is no deadline at all (and would overflow nanoTime arithmetic). */
    private static final Duration NO_DEADLINE = Duration.ofDays(365L * 100);

    private final long maxSteps;
    private final boolean timed;
    private final long deadline;
    private long steps;
    private boolean exhausted;

    RemainingBudget(Budget budget) {
        this.maxSteps = budget.maxSteps();
        this.timed = budget.maxTime().compareTo(NO_DEADLINE) < 0;
        this.deadline = timed ? System.nanoTime() + budget.maxTime().toNanos() : 0;
    }

    /** Takes one step; false if the budget is used up (and from then on). */
    boolean spend() {
        // nanoTime may wrap: compare by difference, as its Javadoc says.
        exhausted = exhausted || steps >= maxSteps
                || timed && steps % CLOCK_INTERVAL == 0 && System.nanoTime() - deadline > 0;
        if (!exhausted) {
            steps++;
        }
        return !exhausted;
    }

    long steps() {
        return steps;
    }
}
