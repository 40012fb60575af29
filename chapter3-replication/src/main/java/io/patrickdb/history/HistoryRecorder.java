package io.patrickdb.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Records a history while clients run: call {@link #invoke} just before sending a request and
 * one of {@link OpenOperation#ok()}, {@link OpenOperation#fail()} or
 * {@link OpenOperation#unknown()} just after its answer (or the lack of one). Thread-safe: the
 * clients of a test call it from many threads.
 *
 * <p>Why "just before" and "just after": linearizability only needs each operation's interval to
 * contain the instant it took effect. Reading the clock before the request leaves and after the
 * answer arrives makes the interval wider than the truth, never narrower, so the checker can
 * only be more lenient than reality, never accuse the database of something it did not do.
 *
 * <p>An operation never completed counts as {@link Outcome.Unknown unknown}: the client may have
 * crashed with its request in flight.
 */
public final class HistoryRecorder {
    private final LongSupplier clock;
    private final List<OpenOperation> operations = new ArrayList<>();
    private final Map<Long, OpenOperation> openByProcess = new HashMap<>();

    /** A recorder on {@link System#nanoTime()}. */
    public HistoryRecorder() {
        this(System::nanoTime);
    }

    /** A recorder on {@code clock}, which must never go backwards (tests pass a counter). */
    public HistoryRecorder(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Records that {@code process} sends {@code call} on {@code key} now.
     *
     * @return the handle to record its completion on
     * @throws IllegalStateException if the process already has an operation open: a process runs
     *     one operation at a time (a client that gave up on one reports it {@code unknown} first)
     */
    public synchronized OpenOperation invoke(long process, String key, Call call) {
        OpenOperation open = openByProcess.get(process);
        if (open != null) {
            throw new IllegalStateException("process " + process + " still has op " + open.id + " open");
        }
        // The clock is read under the lock, so ids follow invocation times.
        OpenOperation op = new OpenOperation(operations.size(), process, key, call, clock.getAsLong());
        operations.add(op);
        openByProcess.put(process, op);
        return op;
    }

    /** The history so far; operations not yet completed are unknown. */
    public synchronized History history() {
        List<Operation> recorded = new ArrayList<>(operations.size());
        for (OpenOperation op : operations) {
            recorded.add(op.toOperation());
        }
        return new History(recorded);
    }

    private synchronized void complete(OpenOperation op, Outcome outcome) {
        if (op.outcome != null) {
            throw new IllegalStateException("op " + op.id + " was already completed: " + op.outcome);
        }
        op.outcome = outcome;
        openByProcess.remove(op.process);
    }

    /** An invoked operation, waiting for its outcome. */
    public final class OpenOperation {
        private final int id;
        private final long process;
        private final String key;
        private final Call call;
        private final long invokedAt;
        private Outcome outcome;   // guarded by the recorder

        private OpenOperation(int id, long process, String key, Call call, long invokedAt) {
            this.id = id;
            this.process = process;
            this.key = key;
            this.call = call;
            this.invokedAt = invokedAt;
        }

        /** It succeeded and returned nothing: a write, or a read that found no value. */
        public void ok() {
            ok(Optional.empty());
        }

        /** It succeeded and returned {@code value} (a read). */
        public void ok(Value value) {
            ok(Optional.of(value));
        }

        /** It succeeded and returned {@code value}, if any. */
        public void ok(Optional<Value> value) {
            synchronized (HistoryRecorder.this) {
                complete(this, new Outcome.Ok(value, clock.getAsLong()));
            }
        }

        /** It definitely did not take effect (refused, or a compare-and-set that found another value). */
        public void fail() {
            synchronized (HistoryRecorder.this) {
                complete(this, new Outcome.Fail(clock.getAsLong()));
            }
        }

        /** Nobody knows whether it took effect: it timed out, or the connection broke. */
        public void unknown() {
            synchronized (HistoryRecorder.this) {
                complete(this, Outcome.Unknown.reportedAt(clock.getAsLong()));
            }
        }

        private Operation toOperation() {
            return new Operation(id, process, key, call, invokedAt,
                    outcome != null ? outcome : Outcome.Unknown.neverCompleted());
        }
    }
}
