package io.patrickdb.history;

import java.util.Optional;

/**
 * The sequential specification the checker compares a history with: what one copy of the data,
 * doing one operation at a time, would have answered.
 *
 * <p>A model is a pure function from (state, operation) to the next state. States must be
 * immutable values with {@code equals} and {@code hashCode}: the checker remembers which
 * (operations done, state) pairs it has already explored, and two paths that reach equal states
 * after the same operations need only be explored once.
 *
 * @param <S> the type of the model's states
 */
public interface Model<S> {

    /** The model's name, as {@code --model} spells it. */
    String name();

    /** The state before any operation: nothing written yet. */
    S initialState();

    /** True if the model knows the function of {@code call}. */
    boolean supports(Call call);

    /**
     * Lets {@code op} take effect in {@code state}.
     *
     * <p>Never called with a {@link Outcome.Fail failed} operation: the checker drops those. For an
     * {@link Outcome.Unknown unknown} one any answer is acceptable, because nobody saw it.
     *
     * @return the state after {@code op}, or empty if {@code op} could not have returned what it
     *     did had it taken effect in {@code state} (a read that saw another value, a
     *     compare-and-set that found another value but reported success)
     */
    Optional<S> step(S state, Operation op);

    /** {@code state} in words, for the checker's report: {@code 4}, {@code nil}, {@code {a=xy}}. */
    String describe(S state);
}
