package io.patrickdb.history;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A value written to or read from the database: a string of bytes, because that is what
 * Patrick-DB stores. Jepsen's integer values become their decimal text, so {@code 4} and
 * {@code "4"} are the same value.
 *
 * <p>Immutable: the bytes are copied in and out, and two values are equal when their bytes
 * are, so values can sit inside model states that the checker compares and hashes.
 *
 * @param bytes the value's bytes (copied)
 */
public record Value(byte[] bytes) {
    /** The empty value: what a key-value store's missing key reads as. */
    public static final Value EMPTY = new Value(new byte[0]);

    public Value {
        bytes = bytes.clone();
    }

    /** The value whose bytes are {@code text} in UTF-8. */
    public static Value of(String text) {
        return new Value(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The value whose bytes are the decimal digits of {@code number}, as Jepsen's registers hold. */
    public static Value of(long number) {
        return of(Long.toString(number));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** This value followed by {@code suffix}: what {@code append} stores. */
    public Value concat(Value suffix) {
        byte[] joined = Arrays.copyOf(bytes, bytes.length + suffix.bytes.length);
        System.arraycopy(suffix.bytes, 0, joined, bytes.length, suffix.bytes.length);
        return new Value(joined);
    }

    /** True if every byte is printable ASCII (space to tilde), so the value can be shown as text. */
    public boolean isPrintableAscii() {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as ASCII text; only meaningful when {@link #isPrintableAscii()}. */
    String asAscii() {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** The bytes decoded as UTF-8 (keys are UTF-8 strings). */
    String asUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes in lower-case hexadecimal. */
    String asHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Value value && Arrays.equals(bytes, value.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /**
     * How the checker's report shows the value: a plain word as it is ({@code 4}, {@code abc}),
     * other printable text in quotes ({@code "hello world"}, {@code ""}, and {@code "nil"},
     * which would read as no value), anything else in hex
     * ({@code 0x00ff}).
     */
    @Override
    public String toString() {
        if (!isPrintableAscii()) {
            return "0x" + asHex();
        }
        String text = asAscii();
        boolean plainWord = !text.isEmpty() && !text.equals("nil") && text.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\');
        return plainWord ? text : '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
