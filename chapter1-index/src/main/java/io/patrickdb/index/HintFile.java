package io.patrickdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A hint file is a segment's index without its values, written once the segment is sealed, so
 * that reopening a store reads a few bytes per key instead of every value (Bitcask's idea).
 *
 * <p>Layout: one entry per record of the segment, in the segment's order, then a trailer.
 * <pre>
 *   entry:   flags (1) | keyLength (1) | record size (varint, 1-4) | [expiresAt (8)] | key
 *   trailer: entries (4) | highest sequence (8) | segment size (8) | CRC32C of everything before it (4)
 * </pre>
 * Flags: bit 0 set for a tombstone, bit 1 set if an expiry follows. Records lie back to back
 * from offset 0, so a record's offset is the sum of the sizes before it and is not stored; nor
 * is each record's sequence number, because recovery needs only the highest. For 16-byte keys an
 * entry is about 20 bytes: a seventh of the record it describes.
 *
 * <p>A hint is only a shortcut: if it is missing, its checksum fails or the segment's size differs
 * from the one it records, recovery ignores it and reads the segment itself.
 */
final class HintFile {
    private static final int TOMBSTONE = 1;
    private static final int HAS_EXPIRY = 2;
    private static final int TRAILER = 4 + 8 + 8 + 4;
    private static final int LONGEST_ENTRY = 1 + 1 + 5 + 8 + Limits.MAX_KEY_BYTES;

    /** One record of a segment, as recovery needs it for the key directory. */
    record Entry(RecordType type, long expiresAt, byte[] key, Location location) {
    }

    /** Receives hint entries in the segment's order. */
    @FunctionalInterface
    interface Visitor {
        void visit(Entry entry);
    }

    private HintFile() {
    }

    static Path pathFor(Path segmentPath) {
        String name = segmentPath.getFileName().toString();
        return segmentPath.resolveSibling(name.substring(0, name.length() - DataDirectory.SEGMENT_SUFFIX.length()) + DataDirectory.HINT_SUFFIX);
    }

    /**
     * Reads {@code segment} and writes its hint file (to a temporary name first, then renamed, so
     * a crash never leaves half a hint under the real name). Returns false if the segment does not
     * scan cleanly, in which case no hint is written.
     */
    static boolean write(Segment segment, int maxValueBytes) throws IOException {
        ByteBuffer[] out = {ByteBuffer.allocate(64 * 1024)};
        int[] entries = {0};
        long[] highest = {0};
        SegmentScanner.Result result = SegmentScanner.scan(segment.channel(), maxValueBytes, (record, offset, size) -> {
            ByteBuffer b = ensure(out, LONGEST_ENTRY);
            byte[] key = record.keyBytes();
            boolean expires = record.expiresAt() != 0;
            b.put((byte) ((record.type() == RecordType.TOMBSTONE ? TOMBSTONE : 0) | (expires ? HAS_EXPIRY : 0)));
            b.put((byte) key.length);
            putVarint(b, size);
            if (expires) {
                b.putLong(record.expiresAt());
            }
            b.put(key);
            entries[0]++;
            highest[0] = Math.max(highest[0], record.sequence());
        });
        if (!result.clean()) {
            return false;
        }
        ByteBuffer b = ensure(out, TRAILER);
        b.putInt(entries[0]).putLong(highest[0]).putLong(result.fileSize());
        b.putInt(crc(b, b.position()));
        b.flip();
        Path target = pathFor(segment.path());
        Path tmp = target.resolveSibling(target.getFileName() + DataDirectory.TEMPORARY_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /**
     * Visits the entries of {@code segment}'s hint file and returns the segment's highest sequence
     * number; returns -1, having visited nothing, if there is no usable hint.
     */
    static long read(Segment segment, Visitor visitor) throws IOException {
        Path path = pathFor(segment.path());
        if (!Files.exists(path)) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        if (b.limit() < TRAILER) {
            return -1;
        }
        int end = b.limit() - TRAILER;
        int entries = b.getInt(end);
        long highest = b.getLong(end + 4);
        long segmentSize = b.getLong(end + 12);
        if (b.getInt(end + 20) != crc(b, end + 20) || segmentSize != segment.size()) {
            return -1;
        }
        long offset = 0;
        for (int i = 0; i < entries; i++) {
            int flags = b.get();
            byte[] key = new byte[Byte.toUnsignedInt(b.get())];
            int size = getVarint(b);
            long expiresAt = (flags & HAS_EXPIRY) != 0 ? b.getLong() : 0;
            b.get(key);
            RecordType type = (flags & TOMBSTONE) != 0 ? RecordType.TOMBSTONE : RecordType.PUT;
            visitor.visit(new Entry(type, expiresAt, key, new Location(segment.id(), (int) offset, size)));
            offset += size;
        }
        return highest;
    }

    /** Seven bits per byte, lowest first; the high bit says another byte follows. */
    private static void putVarint(ByteBuffer b, int value) {
        while ((value & ~0x7f) != 0) {
            b.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        b.put((byte) value);
    }

    private static int getVarint(ByteBuffer b) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = b.get();
            value |= (next & 0x7f) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }

    private static ByteBuffer ensure(ByteBuffer[] holder, int needed) {
        ByteBuffer b = holder[0];
        if (b.remaining() < needed) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + needed));
            bigger.put(b.flip());
            holder[0] = bigger;
        }
        return holder[0];
    }

    private static int crc(ByteBuffer b, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, length);
        return (int) crc.getValue();
    }
}
