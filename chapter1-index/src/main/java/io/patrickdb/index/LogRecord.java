package io.patrickdb.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the append-only log: a put or a tombstone for a key.
 *
 * @param type       put or tombstone
 * @param sequence   the write's sequence number; every write gets the next one, so it is also
 *                   the key's version for compare-and-set
 * @param expiresAt  when the value expires, in milliseconds since the epoch; {@code 0} for never
 * @param key        the key (validated by {@link Limits})
 * @param value      the value; empty for a tombstone
 */
public record LogRecord(RecordType type, long sequence, long expiresAt, String key, byte[] value) {

    private static final byte[] NO_VALUE = new byte[0];

    public LogRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A put of {@code value} under {@code key}. */
    public static LogRecord put(long sequence, long expiresAt, String key, byte[] value) {
        return new LogRecord(RecordType.PUT, sequence, expiresAt, key, value);
    }

    /** A tombstone that deletes {@code key}. */
    public static LogRecord tombstone(long sequence, String key) {
        return new LogRecord(RecordType.TOMBSTONE, sequence, 0, key, NO_VALUE);
    }

    /** Whether this record's value has expired at {@code nowMillis}. */
    public boolean isExpiredAt(long nowMillis) {
        return expiresAt != 0 && expiresAt <= nowMillis;
    }

    /** The key as UTF-8 bytes, as they are written to disk. */
    public byte[] keyBytes() {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    // A record holds an array, so equality must compare contents, not references.
    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r
                && type == r.type && sequence == r.sequence && expiresAt == r.expiresAt
                && key.equals(r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, sequence, expiresAt, key) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return type + "(seq=" + sequence + ", key=" + key + ", " + value.length + " bytes"
                + (expiresAt == 0 ? "" : ", expiresAt=" + expiresAt) + ")";
    }
}
