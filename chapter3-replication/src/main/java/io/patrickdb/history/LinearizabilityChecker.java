package io.patrickdb.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a {@link History} is linearizable with respect to a {@link Model}.
 *
 * <p>{@link #check} splits the history by key and searches each part on its own: a history is
 * linearizable exactly when each key's part is (Herlihy and Wing's locality, which Porcupine calls
 * P-compositionality), and many small searches are exponentially cheaper than one big one.
 * {@link #checkAsOneHistory} searches the whole history at once; it gives the same verdict, and is
 * there to show that the split is only an optimisation.
 *
 * <p>Before searching, it drops what cannot matter: failed operations (they did not happen) and
 * reads whose outcome is unknown (nobody saw what they read, and a read changes nothing).
 *
 * @param <S> the model's state type
 */
public final class LinearizabilityChecker<S> {
    private final Model<S> model;
    private final Budget budget;

    /** A checker against {@code model} that gives up when {@code budget} is spent. */
    public LinearizabilityChecker(Model<S> model, Budget budget) {
        this.model = model;
        this.budget = budget;
    }

    /**
     * Checks {@code history} key by key.
     *
     * @throws IllegalArgumentException if an operation's function is not one of the model's
     */
    public CheckResult check(History history) {
        requireSupported(history);
        RemainingBudget remaining = new RemainingBudget(budget);
        List<KeyResult> results = new ArrayList<>();
        for (Map.Entry<String, History> part : history.byKey().entrySet()) {
            results.add(search(part.getKey(), part.getValue(), remaining));
        }
        return new CheckResult(results, remaining.steps());
    }

    /**
     * Checks {@code history} as one search over all its operations, without splitting it by key.
     * The result has a single entry, whose key is {@code "*"}.
     */
    public CheckResult checkAsOneHistory(History history) {
        requireSupported(history);
        RemainingBudget remaining = new RemainingBudget(budget);
        return new CheckResult(List.of(search("*", history, remaining)), remaining.steps());
    }

    private KeyResult search(String key, History part, RemainingBudget remaining) {
        List<Operation> mayMatter = part.operations().stream().filter(LinearizabilityChecker::mayMatter).toList();
        return new WingGongSearch<>(model, mayMatter).run(key, remaining);
    }

    /** False for a failed operation and for a read of unknown outcome: neither constrains anything. */
    static boolean mayMatter(Operation op) {
        if (op.outcome() instanceof Outcome.Fail) {
            return false;
        }
        return !(op.outcome() instanceof Outcome.Unknown && op.call().isReadOnly());
    }

    private void requireSupported(History history) {
        for (Operation op : history.operations()) {
            if (!model.supports(op.call())) {
                throw new IllegalArgumentException("the " + model.name() + " model has no " + op.call().function()
                        + ": " + op.describe());
            }
        }
    }
}
