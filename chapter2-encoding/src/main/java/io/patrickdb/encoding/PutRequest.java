package io.patrickdb.encoding;

import java.util.Arrays;
import java.util.Objects;

/**
 * Store {@code value} under {@code key}, expiring after {@code ttlMillis} (0: never).
 *
 * @param key       the key
 * @param value     the value's bytes
 * @param ttlMillis time to live in milliseconds, 0 for no expiry
 */
public record PutRequest(String key, byte[] value, long ttlMillis) implements Message {
    public PutRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    // A record compares arrays by identity; a round trip must compare them by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof PutRequest p && key.equals(p.key) && Arrays.equals(value, p.value) && ttlMillis == p.ttlMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, ttlMillis) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "PutRequest[key=" + key + ", " + value.length + " bytes, ttlMillis=" + ttlMillis + "]";
    }
}
