package io.patrickdb.history;

import java.util.Objects;

/**
 * One client operation in a history: who asked what of which key, when, and how it ended.
 *
 * <p>Times are from one clock (the recorder's {@link System#nanoTime()}, or the line number in a
 * Jepsen file): only their order matters. The operation took effect, if at all, at one instant
 * between {@code invokedAt} and {@link #completedAt()}: that is the whole of what linearizability
 * asks.
 *
 * @param id the operation's number in its history (its position in invocation order)
 * @param process the client that ran it; a process runs one operation at a time
 * @param key the key it touched
 * @param call the function and its arguments
 * @param invokedAt when the client sent it
 * @param outcome how it ended
 */
public record Operation(int id, long process, String key, Call call, long invokedAt, Outcome outcome) {
    public Operation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome.completedAt() < invokedAt) {
            throw new IllegalArgumentException("operation " + id + " completes at " + outcome.completedAt()
                    + ", before its invocation at " + invokedAt);
        }
    }

    /** When the operation can no longer take effect; {@link Long#MAX_VALUE} (infinity) if unknown. */
    public long completedAt() {
        return outcome.completedAt();
    }

    /**
     * When the process was free to start its next operation: its completion, the instant its
     * client gave up on it, or never.
     */
    long processFreeAt() {
        if (outcome instanceof Outcome.Unknown unknown) {
            return unknown.reportedAt().orElse(Long.MAX_VALUE);
        }
        return outcome.completedAt();
    }

    /**
     * The operation as the checker's report shows it: {@code op 7 (process 2) read() -> 4 [12, 15]},
     * where the brackets hold its invocation and completion times.
     */
    public String describe() {
        return "op " + id + " (process " + process + ") " + callAndResult() + " [" + invokedAt + ", "
                + (completedAt() == Long.MAX_VALUE ? "unknown" : Long.toString(completedAt())) + "]";
    }

    /** The call and what came back: {@code read() -> 4}, {@code write(3) ok}, {@code cas(1, 2) ?}. */
    public String callAndResult() {
        if (outcome instanceof Outcome.Ok ok) {
            return call instanceof Call.Read ? call + " -> " + ok.value().map(Value::toString).orElse("nil") : call + " ok";
        }
        return call + (outcome instanceof Outcome.Fail ? " failed" : " ?");
    }
}
