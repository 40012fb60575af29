package io.patrickdb.history;

import java.util.List;

/** The checker's finding for the operations on one key. */
public sealed interface KeyResult permits KeyResult.Linearizable, KeyResult.NotLinearizable, KeyResult.Undecided {

    /** The key. */
    String key();

    /**
     * How many operations the search had to place: the key's operations less the failed ones and
     * the reads whose outcome is unknown (neither changed anything).
     */
    int operations();

    /** The verdict for this key. */
    Verdict verdict();

    /**
     * The key's operations are linearizable.
     *
     * @param linearization the order found; operations of unknown outcome that are missing from it
     *     never took effect (or took effect last, which comes to the same)
     */
    record Linearizable(String key, int operations, List<Operation> linearization) implements KeyResult {
        public Linearizable {
            linearization = List.copyOf(linearization);
        }

        @Override
        public Verdict verdict() {
            return Verdict.LINEARIZABLE;
        }
    }

    /**
     * The key's operations are not linearizable. What the search got furthest with, as Porcupine's
     * partial linearizations show it.
     *
     * @param longestPrefix the longest sequence of operations the search could linearize
     * @param stateAfterPrefix the model's state after that sequence, in words
     * @param candidates the operations that could come next in real time: each was invoked before
     *     the first of them completed, so one of them must be next, and the model refused every
     *     one in that state
     */
    record NotLinearizable(String key, int operations, List<Operation> longestPrefix, String stateAfterPrefix,
                           List<Operation> candidates) implements KeyResult {
        public NotLinearizable {
            longestPrefix = List.copyOf(longestPrefix);
            candidates = List.copyOf(candidates);
        }

        @Override
        public Verdict verdict() {
            return Verdict.NOT_LINEARIZABLE;
        }
    }

    /**
     * The budget ran out before the search decided this key (or before it reached it).
     *
     * @param steps the steps spent on this key
     */
    record Undecided(String key, int operations, long steps) implements KeyResult {
        @Override
        public Verdict verdict() {
            return Verdict.UNKNOWN;
        }
    }
}
