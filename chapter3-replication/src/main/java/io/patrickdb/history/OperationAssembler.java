package io.patrickdb.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the events of a history file (a process invokes, later the same process completes) into
 * {@link Operation}s. Every format pairs events the same way, by process: a process has at most
 * one operation open, so a completion belongs to the open invocation of its process.
 */
final class OperationAssembler {
    private record Open(int id, int line, long process, String key, Call call, long invokedAt) {
    }

    private final Map<Long, Open> openByProcess = new HashMap<>();
    private final Map<Long, Long> processFreeAt = new HashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private int nextId;

    /** {@code process} invokes {@code call} on {@code key} at {@code time} ({@code line} of the file). */
    void invoke(int line, long time, long process, String key, Call call) throws SyntaxError {
        Open open = openByProcess.get(process);
        if (open != null) {
            throw new SyntaxError("process " + process + " invokes a " + call.function()
                    + " while its " + open.call().function() + " from line " + open.line() + " is still open");
        }
        long freeAt = processFreeAt.getOrDefault(process, Long.MIN_VALUE);
        if (time < freeAt) {
            throw new SyntaxError("process " + process + " invokes at " + time + ", before its previous operation ended (at "
                    + freeAt + ")");
        }
        openByProcess.put(process, new Open(nextId++, line, process, key, call, time));
    }

    /**
     * The open operation of {@code process} completes.
     *
     * @param function the function the completion names; it must be the invocation's
     * @param key the key the completion names, if it names one; it must be the invocation's
     * @param returned for an {@code ok} read, the value read (empty: nil)
     */
    void complete(int line, long time, long process, EventType type, String function, Optional<String> key,
                  Optional<Value> returned) throws SyntaxError {
        Open open = openByProcess.remove(process);
        if (open == null) {
            throw new SyntaxError("process " + process + " completes a " + function + " it never invoked");
        }
        if (!open.call().function().equals(function)) {
            throw new SyntaxError("process " + process + " completes a " + function + " but invoked a "
                    + open.call().function() + " on line " + open.line());
        }
        if (key.isPresent() && !key.get().equals(open.key())) {
            throw new SyntaxError("process " + process + " completes on key " + key.get() + " but invoked on key "
                    + open.key() + " on line " + open.line());
        }
        if (time < open.invokedAt()) {
            throw new SyntaxError("process " + process + " completes at " + time + ", before it invoked (at "
                    + open.invokedAt() + ", line " + open.line() + ")");
        }
        operations.add(operation(open, outcome(type, time, open.call(), returned)));
        processFreeAt.put(process, time);
    }

    private static Outcome outcome(EventType type, long time, Call call, Optional<Value> returned) {
        return switch (type) {
            case OK -> new Outcome.Ok(call.isReadOnly() ? returned : Optional.empty(), time);
            case FAIL -> new Outcome.Fail(time);
            case INFO -> Outcome.Unknown.reportedAt(time);
            case INVOKE -> throw new IllegalArgumentException("an invocation is not a completion");
        };
    }

    /** The history: operations still open at the end of the file are unknown. */
    History finish() {
        List<Operation> all = new ArrayList<>(operations);
        for (Open open : openByProcess.values()) {
            all.add(operation(open, Outcome.Unknown.neverCompleted()));
        }
        return new History(all);
    }

    private static Operation operation(Open open, Outcome outcome) {
        return new Operation(open.id(), open.process(), open.key(), open.call(), open.invokedAt(), outcome);
    }
}
