package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that read and damage a store's files directly, as a disk or a crash would. */
final class LogFiles {

    /** One record of a segment file, where it is and what it says. */
    record RecordAt(Path file, long offset, int size, LogRecord record) {
        long end() {
            return offset + size;
        }

        boolean contains(long byteOffset) {
            return byteOffset >= offset && byteOffset < end();
        }
    }

    private LogFiles() {
    }

    /** The segment files in {@code dir}, by id. */
    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Segment::isSegmentFile).sorted(Comparator.comparingInt(Segment::idOf)).toList();
        }
    }

    /** Files in {@code dir} whose names end with {@code suffix}. */
    static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Every record of a segment file that must be whole and clean, in file order. */
    static List<RecordAt> records(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<RecordAt> records = new ArrayList<>();
        while (bytes.hasRemaining()) {
            int offset = bytes.position();
            RecordFormat.Decoded decoded = RecordFormat.decode(bytes, Limits.DEFAULT_MAX_VALUE_BYTES);
            assertThat(decoded).as("record at %d of %s", offset, segment).isInstanceOf(RecordFormat.Decoded.Ok.class);
            RecordFormat.Decoded.Ok ok = (RecordFormat.Decoded.Ok) decoded;
            records.add(new RecordAt(segment, offset, ok.size(), ok.record()));
        }
        return records;
    }

    /** Copies the store's files (not its lock file) from {@code from} into a new directory {@code to}. */
    static Path copyStore(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("LOCK")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    /** Replaces the byte at {@code offset} with its bitwise complement: every bit flipped. */
    static void flipByte(Path file, long offset) throws IOException {
        xorByte(file, offset, 0xFF);
    }

    static void xorByte(Path file, long offset, int mask) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ mask));
            b.rewind();
            ch.write(b, offset);
        }
    }
}
