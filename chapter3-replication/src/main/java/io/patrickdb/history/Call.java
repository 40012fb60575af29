package io.patrickdb.history;

import java.util.List;

/**
 * What a client asked the database to do: the function and its arguments, without the answer
 * (that is the {@link Outcome}). The key is not part of it: it is the {@link Operation}'s, because
 * the checker splits a history by key before it looks at calls.
 *
 * <p>One name per function: {@code read} is a key-value store's {@code get} and {@code write} its
 * {@code put}; the readers accept both spellings.
 */
public sealed interface Call permits Call.Read, Call.Write, Call.CompareAndSet, Call.Append, Call.Delete {

    /** The function's name as the history formats spell it: read, write, cas, append, delete. */
    String function();

    /** The arguments in the order the formats write them. */
    List<Value> arguments();

    /** Reads the key's value ({@code get}); the value read is the operation's result. */
    record Read() implements Call {
        @Override
        public String function() {
            return "read";
        }

        @Override
        public List<Value> arguments() {
            return List.of();
        }

        @Override
        public String toString() {
            return "read()";
        }
    }

    /** Replaces the key's value ({@code put}). */
    record Write(Value value) implements Call {
        @Override
        public String function() {
            return "write";
        }

        @Override
        public List<Value> arguments() {
            return List.of(value);
        }

        @Override
        public String toString() {
            return "write(" + value + ")";
        }
    }

    /**
     * Compare-and-set: replaces the value with {@code replacement} if it is {@code expected}. A
     * compare-and-set that found another value changed nothing and is recorded as failed.
     */
    record CompareAndSet(Value expected, Value replacement) implements Call {
        @Override
        public String function() {
            return "cas";
        }

        @Override
        public List<Value> arguments() {
            return List.of(expected, replacement);
        }

        @Override
        public String toString() {
            return "cas(" + expected + ", " + replacement + ")";
        }
    }

    /** Appends {@code suffix} to the key's value (a missing key counts as empty). */
    record Append(Value suffix) implements Call {
        @Override
        public String function() {
            return "append";
        }

        @Override
        public List<Value> arguments() {
            return List.of(suffix);
        }

        @Override
        public String toString() {
            return "append(" + suffix + ")";
        }
    }

    /** Removes the key. */
    record Delete() implements Call {
        @Override
        public String function() {
            return "delete";
        }

        @Override
        public List<Value> arguments() {
            return List.of();
        }

        @Override
        public String toString() {
            return "delete()";
        }
    }

    /** A call does not change what it reads: a read whose outcome is lost can be dropped. */
    default boolean isReadOnly() {
        return this instanceof Read;
    }
}
