package io.patrickdb.index;

/**
 * What the store accepts. Keys follow memcached's rule: 1 to 250 bytes of UTF-8 with no
 * whitespace or control characters, so that every key can also travel in memcached's text
 * protocol. Values are byte arrays up to a configurable size (1 MiB by default).
 *
 * @param maxValueBytes the largest value the store accepts
 */
public record Limits(int maxValueBytes) {

    /** The longest key in bytes, as memcached. */
    public static final int MAX_KEY_BYTES = 250;

    /** The default largest value: 1 MiB, as memcached's default item size. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

    /** The largest value any store can be configured for; keeps a record's length in an int. */
    public static final int LARGEST_MAX_VALUE_BYTES = 64 * 1024 * 1024;

    public Limits {
        if (maxValueBytes < 1 || maxValueBytes > LARGEST_MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("maxValueBytes must be in 1.." + LARGEST_MAX_VALUE_BYTES + ", was " + maxValueBytes);
        }
    }

    /** Memcached's defaults. */
    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_VALUE_BYTES);
    }

    /** Throws {@link InvalidKeyException} saying what is wrong with {@code key}, if anything. */
    public static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidKeyException("key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new InvalidKeyException(String.format(
                        "key must not contain whitespace or control characters (found U+%04X at index %d)", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++; // a well-formed pair: one character outside the Basic Multilingual Plane
            } else if (Character.isSurrogate(c)) {
                throw new InvalidKeyException("key is not valid text (unpaired surrogate at index " + i + ")");
            }
        }
        int length = utf8Length(key);
        if (length > MAX_KEY_BYTES) {
            throw new InvalidKeyException("key is " + length + " bytes of UTF-8; the limit is " + MAX_KEY_BYTES);
        }
    }

    /** The number of bytes {@code key} takes in UTF-8, without encoding it. */
    public static int utf8Length(String key) {
        int bytes = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Throws {@link ValueTooLargeException} if {@code value} is larger than this store accepts. */
    public void checkValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        if (value.length > maxValueBytes) {
            throw new ValueTooLargeException(value.length, maxValueBytes);
        }
    }
}
