package io.patrickdb.protocol;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A request, as a program sees it once its frame is decoded. The records below are the
 * operations of protocol version 1. The interface is open (not sealed) on purpose: later
 * chapters, and the evolution test, add operations by adding a record and an
 * {@link OperationCodec}, without touching these.
 */
public interface Request {

    /** The operation this request is, as on the wire. */
    int opCode();

    /** The frozen handshake: which operations and versions the client speaks. */
    record Handshake(List<VersionRange> supported) implements Request {
        public Handshake {
            supported = List.copyOf(supported);
        }

        @Override
        public int opCode() {
            return OpCode.HANDSHAKE;
        }
    }

    /** Is the server there? */
    record Ping() implements Request {
        @Override
        public int opCode() {
            return OpCode.PING;
        }
    }

    /** The value of one key. */
    record Get(String key) implements Request {
        public Get {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public int opCode() {
            return OpCode.GET;
        }
    }

    /** Store a value, with an expiry if {@code ttl} is not zero. */
    record Put(String key, byte[] value, Duration ttl) implements Request {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(ttl, "ttl");
        }

        @Override
        public int opCode() {
            return OpCode.PUT;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value) && ttl.equals(p.ttl);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, ttl) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[key=" + key + ", " + value.length + " bytes, ttl=" + ttl + "]";
        }
    }

    /** Remove a key. */
    record Delete(String key) implements Request {
        public Delete {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public int opCode() {
            return OpCode.DELETE;
        }
    }

    /** Store a value only if the key's version is {@code expectedVersion} (0: only if absent). */
    record CompareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) implements Request {
        public CompareAndSet {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(ttl, "ttl");
        }

        @Override
        public int opCode() {
            return OpCode.COMPARE_AND_SET;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CompareAndSet c && key.equals(c.key) && expectedVersion == c.expectedVersion
                    && Arrays.equals(value, c.value) && ttl.equals(c.ttl);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, expectedVersion, ttl) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "CompareAndSet[key=" + key + ", expected=" + expectedVersion + ", " + value.length + " bytes, ttl=" + ttl + "]";
        }
    }

    /** The values of several keys in one round trip. */
    record MultiGet(List<String> keys) implements Request {
        public MultiGet {
            keys = List.copyOf(keys);
        }

        @Override
        public int opCode() {
            return OpCode.MULTI_GET;
        }
    }

    /** The server's counters. */
    record Stats() implements Request {
        @Override
        public int opCode() {
            return OpCode.STATS;
        }
    }
}
