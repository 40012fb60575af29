package io.patrickdb.index;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte layout of one log record. This paragraph is the whole file format.
 *
 * <p>A segment file is nothing but records, one after another, with no file header. Each record
 * is a 27-byte header followed by the key and the value. All integers are big-endian.
 *
 * <pre>
 *  offset  size  field
 *       0     4  crc        CRC32C of every byte after this field (offset 4 to the end of the record)
 *       4     1  type       1 = put, 2 = tombstone
 *       5     8  sequence   the write's sequence number (the key's version)
 *      13     8  expiresAt  expiry in milliseconds since the epoch, 0 = never
 *      21     2  keyLength  length of the key in bytes (1..250)
 *      23     4  valueLength length of the value in bytes (0 for a tombstone)
 *      27     k  key        UTF-8
 *    27+k     v  value      raw bytes
 * </pre>
 *
 * <p>The checksum covers the lengths too, so a corrupt length is caught before it is trusted
 * with anything but bounds checks. A record whose bytes run past the end of its file is what a
 * crash in the middle of an append leaves behind: recovery calls that a torn write.
 */
public final class RecordFormat {

    /** Bytes before the key: crc, type, sequence, expiresAt, keyLength, valueLength. */
    public static final int HEADER_SIZE = 4 + 1 + 8 + 8 + 2 + 4;

    static final int TYPE_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 5;
    static final int EXPIRES_OFFSET = 13;
    static final int KEY_LENGTH_OFFSET = 21;
    static final int VALUE_LENGTH_OFFSET = 23;

    private RecordFormat() {
    }

    /** The number of bytes {@code record} takes on disk. */
    public static int sizeOf(int keyBytes, int valueBytes) {
        return HEADER_SIZE + keyBytes + valueBytes;
    }

    /** Encodes a record into a new array laid out as the class comment describes. */
    public static byte[] encode(LogRecord record) {
        // BEGIN SOLUTION chapter1.part1
        byte[] key = record.keyBytes();
        byte[] value = record.value();
        byte[] out = new byte[sizeOf(key.length, value.length)];
        ByteBuffer buf = ByteBuffer.wrap(out);
        buf.position(TYPE_OFFSET);
        buf.put(record.type().code());
        buf.putLong(record.sequence());
        buf.putLong(record.expiresAt());
        buf.putShort((short) key.length);
        buf.putInt(value.length);
        buf.put(key);
        buf.put(value);
        buf.putInt(0, checksum(out, 0, out.length));
        return out;
        // STUB: throw new UnsupportedOperationException("chapter1.part1: encode the record as the layout says");
        // END SOLUTION
    }

    /**
     * Decodes the record that starts at {@code buf}'s position, reading at most up to its limit.
     * On success the buffer's position moves past the record; otherwise it is left unchanged.
     *
     * @param maxValueBytes the largest value length to trust; a larger one is corruption
     */
    public static Decoded decode(ByteBuffer buf, int maxValueBytes) {
        // BEGIN SOLUTION chapter1.part1
        int start = buf.position();
        int available = buf.limit() - start;
        if (available < HEADER_SIZE) {
            return new Decoded.Incomplete(HEADER_SIZE);
        }
        byte typeCode = buf.get(start + TYPE_OFFSET);
        int keyLength = Short.toUnsignedInt(buf.getShort(start + KEY_LENGTH_OFFSET));
        int valueLength = buf.getInt(start + VALUE_LENGTH_OFFSET);
        RecordType type = RecordType.fromCode(typeCode);
        if (type == null) {
            return new Decoded.Corrupt("unknown record type " + typeCode);
        }
        if (keyLength < 1 || keyLength > Limits.MAX_KEY_BYTES) {
            return new Decoded.Corrupt("key length " + keyLength + " out of range 1.." + Limits.MAX_KEY_BYTES);
        }
        if (valueLength < 0 || valueLength > maxValueBytes) {
            return new Decoded.Corrupt("value length " + valueLength + " out of range 0.." + maxValueBytes);
        }
        int size = sizeOf(keyLength, valueLength);
        if (available < size) {
            return new Decoded.Incomplete(size);
        }
        int stored = buf.getInt(start);
        int actual = checksum(buf, start, size);
        if (stored != actual) {
            return new Decoded.Corrupt(String.format("checksum mismatch (stored %08x, computed %08x)", stored, actual));
        }
        long sequence = buf.getLong(start + SEQUENCE_OFFSET);
        long expiresAt = buf.getLong(start + EXPIRES_OFFSET);
        byte[] key = new byte[keyLength];
        byte[] value = new byte[valueLength];
        buf.get(start + HEADER_SIZE, key);
        buf.get(start + HEADER_SIZE + keyLength, value);
        buf.position(start + size);
        return new Decoded.Ok(new LogRecord(type, sequence, expiresAt, new String(key, StandardCharsets.UTF_8), value), size);
        // STUB: throw new UnsupportedOperationException("chapter1.part1: decode a record and check its checksum");
        // END SOLUTION
    }

    private static int checksum(byte[] bytes, int start, int end) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, start + TYPE_OFFSET, end - start - TYPE_OFFSET);
        return (int) crc.getValue();
    }

    private static int checksum(ByteBuffer buf, int start, int size) {
        CRC32C crc = new CRC32C();
        ByteBuffer covered = buf.duplicate();
        covered.limit(start + size).position(start + TYPE_OFFSET);
        crc.update(covered);
        return (int) crc.getValue();
    }

    /** The outcome of decoding: a record, too few bytes to tell, or bytes that are not a record. */
    public sealed interface Decoded {
        /** A whole record with a good checksum, {@code size} bytes long. */
        record Ok(LogRecord record, int size) implements Decoded {
        }

        /** The buffer ends before the record does; {@code needed} bytes would be enough to go on. */
        record Incomplete(int needed) implements Decoded {
        }

        /** The bytes cannot be a record: {@code reason} says why. */
        record Corrupt(String reason) implements Decoded {
        }
    }
}
