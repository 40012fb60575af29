package io.patrickdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

/**
 * A hint file is a segment's index without its values, written once the segment is sealed, so
 * that reopening a store reads a few bytes per key instead of every value (Bitcask's idea).
 *
 * <p>Layout: one entry per record of the segment, in the segment's order, then a trailer.
 * <pre>
 *   entry:   type (1) | sequence (8) | expiresAt (8) | offset (4) | size (4) | keyLength (2) | key
 *   trailer: entries (4) | segment size (8) | CRC32C of everything before it (4)
 * </pre>
 * A hint is only a shortcut: if it is missing, its checksum fails or the segment's size differs
 * from the one it records, recovery ignores it and reads the segment itself.
 */
final class HintFile {
    static final String SUFFIX = ".hint";
    private static final int ENTRY_FIXED = 1 + 8 + 8 + 4 + 4 + 2;
    private static final int TRAILER = 4 + 8 + 4;

    /** One record of a segment, as recovery needs it for the key directory. */
    record Entry(RecordType type, long sequence, long expiresAt, byte[] key, Location location) {
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
        return segmentPath.resolveSibling(name.substring(0, name.length() - Segment.SUFFIX.length()) + SUFFIX);
    }

    /**
     * Reads {@code segment} and writes its hint file (to a temporary name first, then renamed, so
     * a crash never leaves half a hint under the real name). Returns false if the segment does not
     * scan cleanly, in which case no hint is written.
     */
    static boolean write(Segment segment, int maxValueBytes) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        int[] entries = {0};
        ByteBuffer[] holder = {out};
        SegmentScanner.Result result = SegmentScanner.scan(segment.channel(), maxValueBytes, (record, offset, size) -> {
            byte[] key = record.keyBytes();
            ByteBuffer b = ensure(holder, ENTRY_FIXED + key.length);
            b.put(record.type().code()).putLong(record.sequence()).putLong(record.expiresAt())
                    .putInt((int) offset).putInt(size).putShort((short) key.length).put(key);
            entries[0]++;
        });
        if (!result.clean()) {
            return false;
        }
        ByteBuffer b = ensure(holder, TRAILER);
        b.putInt(entries[0]).putLong(result.fileSize());
        b.putInt(crc(b, b.position()));
        b.flip();
        Path target = pathFor(segment.path());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /**
     * Visits the entries of {@code segment}'s hint file. Returns false, having visited nothing,
     * if there is no usable hint.
     */
    static boolean read(Segment segment, Visitor visitor) throws IOException {
        Path path = pathFor(segment.path());
        if (!Files.exists(path)) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        if (b.limit() < TRAILER) {
            return false;
        }
        int end = b.limit() - TRAILER;
        int entries = b.getInt(end);
        long segmentSize = b.getLong(end + 4);
        int stored = b.getInt(end + 12);
        if (stored != crc(b, end + 12) || segmentSize != segment.size()) {
            return false;
        }
        for (int i = 0; i < entries; i++) {
            RecordType type = RecordType.fromCode(b.get());
            long sequence = b.getLong();
            long expiresAt = b.getLong();
            int offset = b.getInt();
            int size = b.getInt();
            byte[] key = new byte[b.getShort()];
            b.get(key);
            visitor.visit(new Entry(type, sequence, expiresAt, key, new Location(segment.id(), offset, size)));
        }
        return true;
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
