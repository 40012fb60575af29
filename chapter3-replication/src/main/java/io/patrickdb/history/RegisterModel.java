package io.patrickdb.history;

import java.util.Optional;

/**
 * A single register, as Jepsen's etcd test uses: {@code read}, {@code write} and
 * {@code compare-and-set} of one value, which starts out absent ({@code nil}).
 *
 * <p>The key of an operation is ignored: check a history of many registers per key (the
 * checker does that anyway), and each part is one register.
 */
public final class RegisterModel implements Model<RegisterModel.State> {

    /**
     * The register's content.
     *
     * @param value the value, or empty before the first write
     */
    public record State(Optional<Value> value) {
    }

    private static final State EMPTY = new State(Optional.empty());

    @Override
    public String name() {
        return "register";
    }

    @Override
    public State initialState() {
        return EMPTY;
    }

    @Override
    public boolean supports(Call call) {
        return call instanceof Call.Read || call instanceof Call.Write || call instanceof Call.CompareAndSet;
    }

    @Override
    public Optional<State> step(State state, Operation op) {
        Call call = op.call();
        if (call instanceof Call.Read) {
            return readSaw(state, op.outcome()) ? Optional.of(state) : Optional.empty();
        }
        if (call instanceof Call.Write write) {
            return Optional.of(new State(Optional.of(write.value())));
        }
        if (call instanceof Call.CompareAndSet cas) {
            if (state.value().equals(Optional.of(cas.expected()))) {
                return Optional.of(new State(Optional.of(cas.replacement())));
            }
            // Found another value: it changes nothing, which only an unknown outcome allows
            // (a successful compare-and-set must have found its expected value).
            return op.outcome() instanceof Outcome.Unknown ? Optional.of(state) : Optional.empty();
        }
        throw new IllegalArgumentException("the register model has no " + call.function() + " (op " + op.id() + ")");
    }

    private static boolean readSaw(State state, Outcome outcome) {
        return !(outcome instanceof Outcome.Ok ok) || ok.value().equals(state.value());
    }

    @Override
    public String describe(State state) {
        return state.value().map(Value::toString).orElse("nil");
    }
}
