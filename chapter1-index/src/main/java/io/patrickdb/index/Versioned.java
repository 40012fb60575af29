package io.patrickdb.index;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value with its version and expiry, as {@link KeyValueStore#getVersioned(String)} returns it.
 *
 * @param value     the value (a copy: changing it does not change the store)
 * @param version   the sequence number of the write that stored it; pass it to compare-and-set
 * @param expiresAt expiry in milliseconds since the epoch, {@code 0} for never
 */
public record Versioned(byte[] value, long version, long expiresAt) {
    public Versioned {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned v && version == v.version && expiresAt == v.expiresAt && Arrays.equals(value, v.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, expiresAt) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Versioned[" + value.length + " bytes, version=" + version + ", expiresAt=" + expiresAt + "]";
    }
}
