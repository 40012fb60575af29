package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Part 1: the byte layout of a log record, checked byte for byte. */
@Tag("chapter1.part1")
class RecordFormatTest {
    private static final int MAX = Limits.DEFAULT_MAX_VALUE_BYTES;

    @Test
    void putRecordHasTheDocumentedLayout() {
        byte[] encoded = RecordFormat.encode(LogRecord.put(7, 0x0102030405060708L, "ab", new byte[] {(byte) 0xff}));
        // crc (4) | type 01 | sequence 7 | expiresAt | keyLength 2 | valueLength 1 | "ab" | ff
        assertThat(HexFormat.of().formatHex(encoded, 4, encoded.length)).isEqualTo(
                "01" + "0000000000000007" + "0102030405060708" + "0002" + "00000001" + "6162" + "ff");
        assertThat(encoded).hasSize(RecordFormat.HEADER_SIZE + 3);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(encoded, 4, encoded.length - 4);
        assertThat(ByteBuffer.wrap(encoded).getInt(0)).isEqualTo((int) crc.getValue());
    }

    @Test
    void tombstoneHasTypeTwoAndNoValue() {
        byte[] encoded = RecordFormat.encode(LogRecord.tombstone(9, "k"));
        assertThat(encoded[4]).isEqualTo((byte) 2);
        assertThat(encoded).hasSize(RecordFormat.HEADER_SIZE + 1);
    }

    @Test
    void decodeReturnsTheRecordAndMovesPastIt() {
        LogRecord first = LogRecord.put(1, 0, "first", "one".getBytes());
        LogRecord second = LogRecord.tombstone(2, "second");
        ByteBuffer buf = ByteBuffer.allocate(200);
        buf.put(RecordFormat.encode(first)).put(RecordFormat.encode(second)).flip();
        assertThat(RecordFormat.decode(buf, MAX)).isEqualTo(new RecordFormat.Decoded.Ok(first, RecordFormat.HEADER_SIZE + 8));
        assertThat(RecordFormat.decode(buf, MAX)).isEqualTo(new RecordFormat.Decoded.Ok(second, RecordFormat.HEADER_SIZE + 6));
        assertThat(buf.hasRemaining()).isFalse();
    }

    @Test
    void decodeOfAPartialRecordSaysHowManyBytesItNeeds() {
        byte[] encoded = RecordFormat.encode(LogRecord.put(1, 0, "key", new byte[10]));
        assertThat(RecordFormat.decode(ByteBuffer.wrap(encoded, 0, 10), MAX)).isEqualTo(new RecordFormat.Decoded.Incomplete(RecordFormat.HEADER_SIZE));
        ByteBuffer partial = ByteBuffer.wrap(encoded, 0, encoded.length - 1);
        assertThat(RecordFormat.decode(partial, MAX)).isEqualTo(new RecordFormat.Decoded.Incomplete(encoded.length));
        assertThat(partial.position()).isZero();
    }

    @Test
    void aFlippedBitFailsTheChecksum() {
        byte[] encoded = RecordFormat.encode(LogRecord.put(1, 0, "key", "value".getBytes()));
        encoded[encoded.length - 1] ^= 1;
        assertThat(RecordFormat.decode(ByteBuffer.wrap(encoded), MAX))
                .isInstanceOfSatisfying(RecordFormat.Decoded.Corrupt.class, c -> assertThat(c.reason()).contains("checksum"));
    }

    @Test
    void impossibleLengthsAndTypesAreCorruptNotTrusted() {
        byte[] encoded = RecordFormat.encode(LogRecord.put(1, 0, "key", "value".getBytes()));
        ByteBuffer.wrap(encoded).putInt(RecordFormat.VALUE_LENGTH_OFFSET, Integer.MAX_VALUE);
        assertThat(RecordFormat.decode(ByteBuffer.wrap(encoded), MAX))
                .isInstanceOfSatisfying(RecordFormat.Decoded.Corrupt.class, c -> assertThat(c.reason()).contains("value length"));
        byte[] badType = RecordFormat.encode(LogRecord.tombstone(1, "k"));
        badType[4] = 9;
        assertThat(RecordFormat.decode(ByteBuffer.wrap(badType), MAX))
                .isInstanceOfSatisfying(RecordFormat.Decoded.Corrupt.class, c -> assertThat(c.reason()).contains("type 9"));
    }
}
