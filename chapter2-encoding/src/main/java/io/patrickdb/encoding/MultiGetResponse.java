package io.patrickdb.encoding;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a multi-get: one entry per requested key, in order, {@code null} for a key that
 * has no value.
 *
 * @param entries the entries; may contain {@code null}
 */
public record MultiGetResponse(List<Entry> entries) implements Message {
    public MultiGetResponse {
        // Not List.copyOf: that refuses nulls, and a missing key is a null entry.
        entries = Collections.unmodifiableList(new ArrayList<>(entries));
    }

    /**
     * A value with its version and expiry.
     *
     * @param value     the value's bytes
     * @param version   the store's sequence number of the write that stored it
     * @param expiresAt expiry in milliseconds since the epoch, 0 for never
     */
    public record Entry(byte[] value, long version, long expiresAt) implements Serializable {
        public Entry {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && Arrays.equals(value, e.value) && version == e.version && expiresAt == e.expiresAt;
        }

        @Override
        public int hashCode() {
            return Objects.hash(version, expiresAt) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Entry[" + value.length + " bytes, version=" + version + ", expiresAt=" + expiresAt + "]";
        }
    }
}
