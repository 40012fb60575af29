package io.patrickdb.history;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * How an operation ended, as the client saw it. Jepsen's three answers: it happened
 * ({@link Ok}), it definitely did not ({@link Fail}), or nobody knows ({@link Unknown}: a timeout,
 * a lost connection, a crash).
 */
public sealed interface Outcome permits Outcome.Ok, Outcome.Fail, Outcome.Unknown {

    /**
     * The time after which the operation can no longer take effect, in the history's clock;
     * {@link Long#MAX_VALUE} stands for plus infinity.
     */
    long completedAt();

    /**
     * The operation took effect, at some instant between its invocation and {@code completedAt}.
     *
     * @param value what it returned: the value a read found (empty: the key had no value), empty
     *     for the other functions
     * @param completedAt when the client received the answer
     */
    record Ok(Optional<Value> value, long completedAt) implements Outcome {
        /** A completion that returned nothing (a write, or a read of a missing key). */
        public static Ok nothing(long completedAt) {
            return new Ok(Optional.empty(), completedAt);
        }

        /** A completion that returned {@code value}. */
        public static Ok returning(Value value, long completedAt) {
            return new Ok(Optional.of(value), completedAt);
        }
    }

    /**
     * The operation did not take effect and never will (the server refused it, a compare-and-set
     * found another value). The checker drops it: it changed nothing and, as Jepsen's checkers do,
     * we do not ask what a refused operation saw.
     */
    record Fail(long completedAt) implements Outcome {
    }

    /**
     * Nobody knows: the request may have taken effect at any instant after its invocation, even
     * long after the client gave up, or never. So its completion is plus infinity.
     *
     * @param reportedAt when the client gave up (Jepsen's {@code :info} event), or empty if the
     *     history ended with the operation still open
     */
    record Unknown(OptionalLong reportedAt) implements Outcome {
        /** An operation still open when the history ended. */
        public static Unknown neverCompleted() {
            return new Unknown(OptionalLong.empty());
        }

        /** An operation whose client gave up at {@code time}. */
        public static Unknown reportedAt(long time) {
            return new Unknown(OptionalLong.of(time));
        }

        @Override
        public long completedAt() {
            return Long.MAX_VALUE;
        }
    }
}
