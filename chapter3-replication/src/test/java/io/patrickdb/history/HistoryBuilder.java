package io.patrickdb.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written histories for tests, one operation per line of the test:
 *
 * <pre>
 * HistoryBuilder h = new HistoryBuilder();
 * Operation w = h.write("1").ok(0, 10);          // invoked at 0, acknowledged at 10
 * Operation r = h.read().returned("1", 20, 30);  // read 1
 * h.write("2").unknown(5);                       // timed out: may happen any time after 5, or never
 * History history = h.history();
 * </pre>
 *
 * Each operation gets the next id and a process of its own (so the one-operation-at-a-time rule
 * never gets in the way); {@link #on(String)} changes the key of the operations that follow.
 */
final class HistoryBuilder {
    private final List<Operation> operations = new ArrayList<>();
    private String key = JepsenHistoryReader.DEFAULT_KEY;

    /** The operations after this are on {@code key}. */
    HistoryBuilder on(String key) {
        this.key = key;
        return this;
    }

    Invocation read() {
        return new Invocation(new Call.Read());
    }

    Invocation write(String value) {
        return new Invocation(new Call.Write(Value.of(value)));
    }

    Invocation cas(String expected, String replacement) {
        return new Invocation(new Call.CompareAndSet(Value.of(expected), Value.of(replacement)));
    }

    Invocation append(String suffix) {
        return new Invocation(new Call.Append(Value.of(suffix)));
    }

    Invocation delete() {
        return new Invocation(new Call.Delete());
    }

    History history() {
        return new History(operations);
    }

    /** A call waiting for its times and outcome. */
    final class Invocation {
        private final Call call;

        private Invocation(Call call) {
            this.call = call;
        }

        /** Took effect between {@code from} and {@code to}, returned nothing (a write; a read of nil). */
        Operation ok(long from, long to) {
            return add(from, Outcome.Ok.nothing(to));
        }

        /** A read that returned {@code value} between {@code from} and {@code to}. */
        Operation returned(String value, long from, long to) {
            return add(from, Outcome.Ok.returning(Value.of(value), to));
        }

        /** Definitely did not take effect. */
        Operation fail(long from, long to) {
            return add(from, new Outcome.Fail(to));
        }

        /** Invoked at {@code from}, outcome unknown (never completed). */
        Operation unknown(long from) {
            return add(from, Outcome.Unknown.neverCompleted());
        }

        private Operation add(long from, Outcome outcome) {
            int id = operations.size();
            Operation op = new Operation(id, id, key, call, from, outcome);
            operations.add(op);
            return op;
        }
    }
}
