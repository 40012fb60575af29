package io.patrickdb.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The log: an ordered list of segment files, of which only the newest (the active segment) is
 * appended to. When the active segment would grow past the size limit it is sealed, fsync'd and
 * a new one started. Sealed segments never change; compaction replaces several of them at once.
 *
 * <p>Segments are ordered by the sequence number of their first record, which is also the order
 * recovery replays them in: a later record for a key always wins. Compaction's output holds only
 * records older than anything in the active segment, so it sorts before it.
 *
 * <p>Appends, flushes and segment changes are serialized by one lock; reads of flushed bytes
 * take no lock. A thread that must not wait (an event loop) appends with
 * {@link #appendInMemoryOnly} set, so that an append gives up rather than wait for the lock or the disk.
 */
final class SegmentedLog implements Closeable {

    private final Path dir;
    private final long segmentBytes;
    private final Consumer<Segment> onSealed;
    private final Map<Integer, Segment> byId = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock(); // a lock, not a monitor: tryAppendInMemory needs tryLock
    private volatile List<Segment> sealed = List.of();
    private Segment active;
    private int nextId;
    private long appendedBytes;
    private boolean inMemoryOnly; // written and read under the store's write lock

    /**
     * @param recovered segments found on disk, already recovered, in replay order
     * @param onSealed  called (under the log's lock) with each segment the writer seals
     */
    SegmentedLog(Path dir, long segmentBytes, List<Segment> recovered, Consumer<Segment> onSealed) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.onSealed = onSealed;
        int maxId = 0;
        for (Segment s : recovered) {
            byId.put(s.id(), s);
            maxId = Math.max(maxId, s.id());
        }
        this.sealed = List.copyOf(recovered);
        this.nextId = maxId + 1;
        this.active = newSegment();
    }

    /**
     * Where an append went, and its group-commit ticket: the log's total appended bytes just
     * after it.
     */
    record Appended(Location at, long ticket) {
    }

    /**
     * Thrown by {@link #append} when appends are {@linkplain #appendInMemoryOnly in memory only}
     * and this one is not possible without waiting. Nothing was appended: the caller can retry
     * on a thread that may wait.
     */
    static final class WouldWaitException extends RuntimeException {
        WouldWaitException() {
            super("the append would wait for the disk or for another thread", null, false, false);
        }
    }

    /**
     * While {@code true}, {@link #append} only appends what fits in the active segment's memory
     * buffer, and only if no other thread holds the log's lock; it throws
     * {@link WouldWaitException} for the rest. Set by the store, under its write lock, around
     * a write that an event loop runs in place.
     */
    void appendInMemoryOnly(boolean inMemoryOnly) {
        this.inMemoryOnly = inMemoryOnly;
    }

    /** Appends an encoded record, rolling to a new segment first if it would not fit. */
    Appended append(LogRecord record, byte[] encoded) throws IOException {
        if (inMemoryOnly) {
            Appended appended = tryAppendInMemory(record, encoded);
            if (appended == null) {
                throw new WouldWaitException();
            }
            return appended;
        }
        lock.lock();
        try {
            if (rolls(encoded.length)) {
                roll();
            }
            return appendToActive(record, encoded);
        } finally {
            lock.unlock();
        }
    }

    private boolean rolls(int length) {
        return active.size() > 0 && active.size() + length > segmentBytes;
    }

    private Appended appendToActive(LogRecord record, byte[] encoded) throws IOException {
        long offset = active.append(encoded);
        active.setFirstSequence(record.sequence());
        appendedBytes += encoded.length;
        return new Appended(new Location(active.id(), (int) offset, encoded.length), appendedBytes);
    }

    /**
     * Appends an encoded record if that needs neither the disk nor a wait, and returns null
     * otherwise, having changed nothing. It needs neither when no other thread holds the log's
     * lock (a flush may be writing under it) and the record fits in the active segment's memory
     * buffer without rolling to a new segment.
     */
    private Appended tryAppendInMemory(LogRecord record, byte[] encoded) {
        if (!lock.tryLock()) {
            return null;
        }
        try {
            if (rolls(encoded.length) || !active.fitsInBuffer(encoded.length)) {
                return null;
            }
            return appendToActive(record, encoded); // it fits in the buffer: no I/O
        } catch (IOException e) {
            throw new IllegalStateException("an append that fits in the buffer did I/O", e); // cannot happen: fitsInBuffer said so
        } finally {
            lock.unlock();
        }
    }

    /** Seals the active segment (flushed and fsync'd, so sealed segments are always durable). */
    void roll() throws IOException {
        lock.lock();
        try {
            if (active.size() == 0) {
                return;
            }
            active.seal();
            active.force();
            Segment done = active;
            List<Segment> next = new ArrayList<>(sealed);
            next.add(done);
            sealed = List.copyOf(next);
            active = newSegment();
            onSealed.accept(done);
        } finally {
            lock.unlock();
        }
    }

    private Segment newSegment() throws IOException {
        Segment s = Segment.create(dir, nextId++);
        byId.put(s.id(), s);
        return s;
    }

    /**
     * A new, empty segment for compaction's output, under a temporary name; it joins the log only
     * through {@link #replace}.
     */
    Segment newOutputSegment(Path dir) throws IOException {
        lock.lock();
        try {
            int id = nextId++;
            return Segment.createAt(CompactionManifest.outputPath(dir, id), id);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A consistent point to fsync at: everything appended before {@code appendedBytes} is either in
     * a sealed (already fsync'd) segment or flushed into {@code segment}.
     */
    record SyncPoint(Segment segment, long appendedBytes) {
    }

    /** Hands buffered records to the operating system and returns what an fsync would now cover. */
    SyncPoint flush() throws IOException {
        lock.lock();
        try {
            active.flush();
            return new SyncPoint(active, appendedBytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the record bytes at {@code at}. Returns {@code null} if the segment is gone (compaction
     * replaced it after the caller looked up the location): the caller looks the key up again.
     */
    ByteBuffer read(Location at) throws IOException {
        Segment segment = byId.get(at.segment());
        if (segment == null) {
            return null;
        }
        long end = (long) at.offset() + at.size();
        if (!segment.isFlushedTo(end)) {
            lock.lock();
            try {
                segment.flush();
            } finally {
                lock.unlock();
            }
        }
        try {
            return segment.read(at.offset(), at.size());
        } catch (java.nio.channels.ClosedChannelException gone) {
            return null;
        }
    }

    /** Sealed segments in replay order. */
    List<Segment> sealedSegments() {
        return sealed;
    }

    /** All segments, sealed ones in replay order and then the active one. */
    List<Segment> segments() {
        lock.lock();
        try {
            List<Segment> all = new ArrayList<>(sealed);
            all.add(active);
            return all;
        } finally {
            lock.unlock();
        }
    }

    long diskBytes() {
        lock.lock();
        try {
            long total = active.size();
            for (Segment s : sealed) {
                total += s.size();
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps compaction's {@code outputs} in for its {@code inputs}. Outputs hold only records older
     * than any segment sealed after the inputs, so they go first in replay order.
     */
    void replace(List<Segment> inputs, List<Segment> outputs, Runnable relocate) {
        // Readers may hold old locations until relocate() has run, and new ones right after:
        // both segments must be readable across it.
        for (Segment s : outputs) {
            byId.put(s.id(), s);
        }
        relocate.run();
        retire(inputs, outputs);
    }

    private void retire(List<Segment> inputs, List<Segment> outputs) {
        lock.lock();
        try {
            List<Segment> next = new ArrayList<>(outputs);
            for (Segment s : sealed) {
                if (!inputs.contains(s)) {
                    next.add(s);
                }
            }
            next.sort(Comparator.comparingLong(Segment::firstSequence));
            for (Segment s : inputs) {
                byId.remove(s.id());
            }
            sealed = List.copyOf(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes every segment, the active one too, and starts a new active segment: the log is
     * empty. Appended bytes keep counting, so group commit's tickets stay in order.
     */
    void clear() throws IOException {
        lock.lock();
        try {
            List<Segment> all = new ArrayList<>(sealed);
            all.add(active);
            sealed = List.of();
            for (Segment s : all) {
                byId.remove(s.id());
                s.delete();
            }
            CompactionManifest.syncDirectory(dir);
            active = newSegment();
        } finally {
            lock.unlock();
        }
    }

    /** Flushes and fsyncs the active segment. */
    void sync() throws IOException {
        lock.lock();
        try {
            active.flush();
            active.force();
        } finally {
            lock.unlock();
        }
    }

    /** Flushes, fsyncs and seals the active segment, then closes every file. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            active.seal();
            active.force();
            for (Segment s : byId.values()) {
                s.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes every file without flushing: after a failed write, recovery decides what the tail holds. */
    void abandon() {
        lock.lock();
        try {
            for (Segment s : byId.values()) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all we can do; recovery handles the rest
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The active segment (for writing its hint file at close). */
    Segment active() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }
}
