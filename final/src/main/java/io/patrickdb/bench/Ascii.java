package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reading and writing the text parts of the text protocols (RESP, memcached, HTTP): lines that
 * end in CR LF, keywords and decimal numbers, straight from and into a {@link ByteBuf}.
 *
 * <p>These work on absolute indexes and never move the reader index, so a parser can look at a
 * response, find it incomplete, and return without having consumed anything. They also avoid
 * building a {@code String} per response: the generator must be cheaper per request than the
 * server it measures.
 */
final class Ascii {
    static final int CRLF = 2;

    private Ascii() {
    }

    /** The bytes of {@code text}, for comparing with {@link #equals} and {@link #startsWith}. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The index of the CR of the first CR LF at or after {@code from}, or -1 if the line has not
     * fully arrived yet.
     */
    static int lineEnd(ByteBuf in, int from) {
        int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            return -1;
        }
        if (lf == from || in.getByte(lf - 1) != '\r') {
            throw new ProtocolException("a line ends in LF without CR: " + text(in, from, lf));
        }
        return lf - 1;
    }

    /** Whether the bytes in {@code [from, to)} are exactly {@code text}. */
    static boolean equals(ByteBuf in, int from, int to, byte[] text) {
        return to - from == text.length && startsWith(in, from, to, text);
    }

    /** Whether the bytes in {@code [from, to)} start with {@code prefix}. */
    static boolean startsWith(ByteBuf in, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #startsWith}, ignoring the case of letters (for HTTP header names). */
    static boolean startsWithIgnoreCase(ByteBuf in, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (lower(in.getByte(from + i)) != lower(prefix[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    /** The decimal number in {@code [from, to)}, optionally negative; anything else is an error. */
    static long parseDecimal(ByteBuf in, int from, int to) {
        boolean negative = from < to && in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 18) {
            throw new ProtocolException("expected a number, got '" + text(in, from, to) + "'");
        }
        long n = 0;
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                throw new ProtocolException("expected a number, got '" + text(in, from, to) + "'");
            }
            n = n * 10 + (b - '0');
        }
        return negative ? -n : n;
    }

    /** Appends {@code n} in decimal, without making a {@code String} of it. */
    static void writeDecimal(ByteBuf out, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative: " + n);
        }
        int digits = 1;
        for (int rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int at = out.writerIndex();
        out.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            out.setByte(at + i, '0' + n % 10);
            n /= 10;
        }
        out.writerIndex(at + digits);
    }

    /** Appends CR LF. */
    static void writeCrlf(ByteBuf out) {
        out.writeByte('\r').writeByte('\n');
    }

    /** The bytes in {@code [from, to)} as text, for error messages. */
    static String text(ByteBuf in, int from, int to) {
        return in.toString(from, to - from, StandardCharsets.UTF_8);
    }
}
