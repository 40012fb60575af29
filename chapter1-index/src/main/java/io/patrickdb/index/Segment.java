package io.patrickdb.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of the log. Records are appended to an in-memory buffer that is written to the
 * file when it fills or when the log is flushed (every 100 ms at the latest, by the store's
 * background thread): one system call for many small records instead of one each. Reads are
 * positional, so any number of threads can read while one appends.
 *
 * <p>The buffer is 1 MiB. An append that finds it full must write it out first, which is I/O, so
 * the server hands that write to its writer thread, and the writes after it queue behind it
 * until the thread has run. On a busy machine a thread waits milliseconds for a core. With a
 * 64 KiB buffer, at 80,000 puts a second, that happened 170 times a second, and 1% of all
 * requests waited 6 ms (p99 at pipeline 16); with 1 MiB it happens about ten times a second and
 * the p99 was 1.0 to 2.4 ms. A crash loses no more than before: the background flush bounds
 * what sits in memory, not the buffer's size.
 *
 * <p>Appends and flushes are not thread-safe on their own: {@link SegmentedLog} serializes them.
 * Once sealed, a segment never changes again until compaction deletes it, so reads of a sealed
 * segment go through a read-only memory map of the file: no system call per read.
 */
final class Segment implements Closeable {
    static final int BUFFER_BYTES = 1024 * 1024; // see the class comment for why this size

    private final int id;
    private volatile Path path;
    private final FileChannel channel;
    private ByteBuffer buffer;
    private long size;
    private volatile long flushed;
    private volatile long firstSequence = -1;
    private volatile boolean sealed;
    private volatile MappedByteBuffer mapped;

    private Segment(int id, Path path, FileChannel channel, long size) {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.flushed = size;
    }

    /** Creates a new, empty segment file that records can be appended to. */
    static Segment create(Path dir, int id) throws IOException {
        return createAt(dir.resolve(fileName(id)), id);
    }

    /** Creates a new, empty segment under a file name of the caller's choosing (compaction's output). */
    static Segment createAt(Path path, int id) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(id, path, channel, 0);
        segment.buffer = ByteBuffer.allocate(BUFFER_BYTES);
        return segment;
    }

    /** Opens an existing segment file for reading (and, in recovery, for truncating). */
    static Segment open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(idOf(path), path, channel, channel.size());
        segment.sealed = true; // the writer never appends to a segment of an earlier run
        return segment;
    }

    static String fileName(int id) {
        return String.format("%010d%s", id, DataDirectory.SEGMENT_SUFFIX);
    }

    static boolean isSegmentFile(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(DataDirectory.SEGMENT_SUFFIX) && name.length() == 10 + DataDirectory.SEGMENT_SUFFIX.length() && name.chars().limit(10).allMatch(Character::isDigit);
    }

    static int idOf(Path path) {
        return Integer.parseInt(path.getFileName().toString().substring(0, 10));
    }

    int id() {
        return id;
    }

    Path path() {
        return path;
    }

    /** Bytes in the segment, including those still in the append buffer. */
    long size() {
        return size;
    }

    /** The sequence number of the first record, or -1 for an empty segment. Orders segments in replay. */
    long firstSequence() {
        return firstSequence;
    }

    void setFirstSequence(long sequence) {
        if (firstSequence < 0) {
            firstSequence = sequence;
        }
    }

    /** Whether a record of {@code length} bytes can be appended to the buffer without writing it out first. */
    boolean fitsInBuffer(int length) {
        return buffer != null && buffer.remaining() >= length;
    }

    /** Appends an encoded record and returns its offset. Called only by the single writer. */
    long append(byte[] record) throws IOException {
        long offset = size;
        if (buffer.remaining() < record.length) {
            flush();
        }
        if (record.length > buffer.capacity()) {
            writeFully(ByteBuffer.wrap(record));
        } else {
            buffer.put(record);
        }
        size += record.length;
        return offset;
    }

    /** Hands buffered records to the operating system. */
    void flush() throws IOException {
        if (buffer != null && buffer.position() > 0) {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        }
        flushed = size;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Forces what was flushed to the disk (fsync, without the file's metadata when possible). */
    void force() throws IOException {
        channel.force(false);
    }

    /** How many bytes of the segment are in the file (the rest, if any, is in the append buffer). */
    long flushedSize() {
        return flushed;
    }

    /** Whether {@code offset + length} bytes are in the file, not only in the append buffer. */
    boolean isFlushedTo(long end) {
        return end <= flushed;
    }

    /** Reads {@code length} bytes at {@code offset}; the caller makes sure they were flushed. */
    ByteBuffer read(long offset, int length) throws IOException {
        MappedByteBuffer map = sealed ? mapped() : null;
        if (map != null) {
            return map.slice((int) offset, length);
        }
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining()) {
            int n = channel.read(bytes, offset + bytes.position());
            if (n < 0) {
                throw new IOException("unexpected end of " + path + " at " + (offset + bytes.position()));
            }
        }
        return bytes.flip();
    }

    /** Stops appends: drops the append buffer, so a sealed segment holds no memory but its file. */
    void seal() throws IOException {
        flush();
        buffer = null;
        sealed = true;
    }

    /**
     * The file mapped into memory, made on first use. A mapping outlives the file's deletion
     * until the garbage collector drops it, so a reader that raced compaction still reads the
     * (identical) old copy of its record.
     */
    private MappedByteBuffer mapped() throws IOException {
        MappedByteBuffer map = mapped;
        if (map == null) {
            synchronized (this) {
                if (mapped == null) {
                    mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                }
                map = mapped;
            }
        }
        return map;
    }

    /** Cuts the file at {@code newSize} and makes the cut durable (used only by recovery). */
    void truncate(long newSize) throws IOException {
        channel.truncate(newSize);
        channel.force(true);
        size = newSize;
        flushed = newSize;
    }

    /** Renames the file; the open channel keeps working (compaction's commit step). */
    void renameTo(Path target) throws IOException {
        Files.move(path, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        path = target;
    }

    FileChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Closes the file and deletes it and its hint file. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
        Files.deleteIfExists(HintFile.pathFor(path));
    }

    @Override
    public String toString() {
        return path.getFileName() + "(" + size + " bytes)";
    }
}
