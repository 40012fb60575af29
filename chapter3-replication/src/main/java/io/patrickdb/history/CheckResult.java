package io.patrickdb.history;

import java.util.List;

/**
 * The checker's answer for a whole history: one {@link KeyResult} per key.
 *
 * @param keys the results, in key order
 * @param steps the search steps spent, over all keys
 */
public record CheckResult(List<KeyResult> keys, long steps) {
    public CheckResult {
        keys = List.copyOf(keys);
    }

    /**
     * Linearizable if every key is (P-compositionality: a history is linearizable exactly when
     * each key's sub-history is); not linearizable if any key is not, whatever the others; else
     * unknown.
     */
    public Verdict verdict() {
        if (keys.stream().anyMatch(k -> k.verdict() == Verdict.NOT_LINEARIZABLE)) {
            return Verdict.NOT_LINEARIZABLE;
        }
        return keys.stream().allMatch(k -> k.verdict() == Verdict.LINEARIZABLE) ? Verdict.LINEARIZABLE : Verdict.UNKNOWN;
    }

    /** The keys that are not linearizable. */
    public List<KeyResult.NotLinearizable> violations() {
        return keys.stream()
                .filter(KeyResult.NotLinearizable.class::isInstance)
                .map(KeyResult.NotLinearizable.class::cast)
                .toList();
    }
}
