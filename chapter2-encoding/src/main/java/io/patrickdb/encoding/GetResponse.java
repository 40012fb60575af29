package io.patrickdb.encoding;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer to a get that found a value.
 *
 * @param value     the value's bytes
 * @param version   the store's sequence number of the write that stored it
 * @param expiresAt expiry in milliseconds since the epoch, 0 for never
 */
public record GetResponse(byte[] value, long version, long expiresAt) implements Message {
    public GetResponse {
        Objects.requireNonNull(value, "value");
    }

    // A record compares arrays by identity; a round trip must compare them by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof GetResponse g && Arrays.equals(value, g.value) && version == g.version && expiresAt == g.expiresAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, expiresAt) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "GetResponse[" + value.length + " bytes, version=" + version + ", expiresAt=" + expiresAt + "]";
    }
}
