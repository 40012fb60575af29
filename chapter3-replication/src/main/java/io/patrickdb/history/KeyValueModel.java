package io.patrickdb.history;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A key-value map, the specification of Patrick-DB itself: {@code read} ({@code get}),
 * {@code write} ({@code put}), {@code append}, {@code delete}, and {@code compare-and-set} so
 * that register-style histories can be checked with it too.
 *
 * <p>A key that was never written, or was deleted, reads as the empty value; a read that
 * returned {@code nil} counts as having read the empty value. So the model does not tell an
 * empty value from a missing one, and its states say so: an empty value is stored as no entry,
 * which keeps equal states equal (the checker's memory depends on it).
 */
public final class KeyValueModel implements Model<KeyValueModel.State> {

    /**
     * The map's content.
     *
     * @param values the non-empty values by key (copied)
     */
    public record State(Map<String, Value> values) {
        public State {
            values = Map.copyOf(values);
        }

        Value get(String key) {
            return values.getOrDefault(key, Value.EMPTY);
        }

        State with(String key, Value value) {
            Map<String, Value> changed = new HashMap<>(values);
            if (value.isEmpty()) {
                changed.remove(key);
            } else {
                changed.put(key, value);
            }
            return new State(changed);
        }
    }

    private static final State EMPTY = new State(Map.of());

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public State initialState() {
        return EMPTY;
    }

    @Override
    public boolean supports(Call call) {
        return true;   // every function of Call
    }

    @Override
    public Optional<State> step(State state, Operation op) {
        String key = op.key();
        Value current = state.get(key);
        Call call = op.call();
        if (call instanceof Call.Read) {
            return readSaw(current, op.outcome()) ? Optional.of(state) : Optional.empty();
        }
        if (call instanceof Call.Write write) {
            return Optional.of(state.with(key, write.value()));
        }
        if (call instanceof Call.Append append) {
            return Optional.of(state.with(key, current.concat(append.suffix())));
        }
        if (call instanceof Call.Delete) {
            return Optional.of(state.with(key, Value.EMPTY));
        }
        Call.CompareAndSet cas = (Call.CompareAndSet) call;
        if (current.equals(cas.expected())) {
            return Optional.of(state.with(key, cas.replacement()));
        }
        // Found another value: changes nothing, which only an unknown outcome allows.
        return op.outcome() instanceof Outcome.Unknown ? Optional.of(state) : Optional.empty();
    }

    private static boolean readSaw(Value current, Outcome outcome) {
        return !(outcome instanceof Outcome.Ok ok) || ok.value().orElse(Value.EMPTY).equals(current);
    }

    @Override
    public String describe(State state) {
        return new TreeMap<>(state.values()).toString();
    }
}
