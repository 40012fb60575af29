package io.patrickdb.protocol;

import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response, decoded. One record per operation of version 1, and {@link Error} for every
 * error status, whose layout is the same whatever the operation. Open for the same reason as
 * {@link Request}.
 */
public interface Response {

    /** The status byte this response starts with. */
    Status status();

    /** The server's side of the handshake. */
    record Handshake(List<VersionRange> supported, Optional<String> server) implements Response {
        public Handshake {
            supported = List.copyOf(supported);
            Objects.requireNonNull(server, "server");
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /** The answer to a ping. */
    record Pong() implements Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /**
     * A get's result: the value with its version and expiry, or empty. Its tags are for what a
     * later chapter says about a read (chapter 3: that a follower served it, and may be behind).
     */
    record Get(Optional<Versioned> value, TaggedFields tags) implements Response {
        public Get {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(tags, "tags");
        }

        public Get(Optional<Versioned> value) {
            this(value, TaggedFields.EMPTY);
        }

        @Override
        public Status status() {
            return value.isPresent() ? Status.OK : Status.NOT_FOUND;
        }
    }

    /** A put's result: the version of the new value. */
    record Put(long version) implements Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /** A delete's result: whether the key had a value. */
    record Delete(boolean deleted) implements Response {
        @Override
        public Status status() {
            return deleted ? Status.OK : Status.NOT_FOUND;
        }
    }

    /** A compare-and-set's result, as the store reports it. */
    record CompareAndSet(CasResult result) implements Response {
        public CompareAndSet {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public Status status() {
            return result.applied() ? Status.OK : Status.VERSION_MISMATCH;
        }
    }

    /** A multi-get's results, one per requested key, in order. */
    record MultiGet(List<Optional<Versioned>> values) implements Response {
        public MultiGet {
            values = List.copyOf(values);
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /** The server's counters, by name, in the order the server sent them. */
    record Stats(Map<String, Long> counters) implements Response {
        public Stats {
            counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /**
     * Any error (a status of {@code 0x40} or above): a message for people and tagged fields for
     * programs, such as the supported range of an unsupported operation in tag 0.
     */
    record Error(Status status, String message, TaggedFields tags) implements Response {
        public Error {
            if (!status.isError()) {
                throw new IllegalArgumentException(status + " is not an error status");
            }
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(tags, "tags");
        }

        public Error(Status status, String message) {
            this(status, message, TaggedFields.EMPTY);
        }
    }
}
