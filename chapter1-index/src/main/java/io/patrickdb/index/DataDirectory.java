package io.patrickdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Every file a data directory may hold, by name: the one place that knows them.
 *
 * <pre>
 *   LOCK                       held while a process has the store open
 *   0000000001.log             a segment of the log (ten digits: its id)
 *   0000000001.hint            the segment's hint file: keys and positions, for a fast restart
 *   COMPACTION                 a compaction's commit point (present only while one finishes)
 *   0000000007.log.compacting  a compaction's output, before the commit point
 *   COMPACTED                  the sequence up to which compaction may have dropped records
 *   REPLICATION                chapter 3: which leader's history this store holds, and where
 *   *.tmp                      half-written: recovery deletes it
 * </pre>
 *
 * <p>Small files (everything but segments and hints) are written whole or not at all: under a
 * temporary name, fsync'd, renamed, and the directory fsync'd.
 */
public final class DataDirectory {
    public static final String LOCK = "LOCK";
    static final String SEGMENT_SUFFIX = ".log";
    static final String HINT_SUFFIX = ".hint";
    static final String COMPACTION_MANIFEST = "COMPACTION";
    static final String COMPACTION_OUTPUT_SUFFIX = ".compacting";
    static final String COMPACTED_THROUGH = "COMPACTED";
    /** Chapter 3's replication state: the replication ids this store's history belongs to. */
    public static final String REPLICATION = "REPLICATION";
    static final String TEMPORARY_SUFFIX = ".tmp";

    private DataDirectory() {
    }

    /** Writes a small file so that a crash leaves either the old content or the new one. */
    public static void writeAtomically(Path dir, String name, String text) throws IOException {
        Path tmp = dir.resolve(name + TEMPORARY_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
    }

    /** The content of a small file, or empty if there is none. */
    public static Optional<String> read(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** Deletes a small file, durably. */
    public static void delete(Path dir, String name) throws IOException {
        Files.deleteIfExists(dir.resolve(name));
        syncDirectory(dir);
    }

    /** Makes renames and deletions in {@code dir} durable (fsync of the directory itself). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Whether recovery should delete the file: a half-written one, or an uncommitted compaction's output. */
    static boolean isLeftover(String name) {
        return name.endsWith(TEMPORARY_SUFFIX) || name.endsWith(COMPACTION_OUTPUT_SUFFIX);
    }
}
