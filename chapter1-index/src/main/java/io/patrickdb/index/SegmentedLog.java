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
 * <p>Appends, flushes and segment changes are serialized by this object's monitor; reads of
 * flushed bytes take no lock.
 */
final class SegmentedLog implements Closeable {

    private final Path dir;
    private final long segmentBytes;
    private final Consumer<Segment> onSealed;
    private final Map<Integer, Segment> byId = new ConcurrentHashMap<>();
    private volatile List<Segment> sealed = List.of();
    private Segment active;
    private int nextId;
    private long appendedBytes;

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

    /** Appends an encoded record, rolling to a new segment first if it would not fit. */
    synchronized Appended append(LogRecord record, byte[] encoded) throws IOException {
        if (active.size() > 0 && active.size() + encoded.length > segmentBytes) {
            roll();
        }
        long offset = active.append(encoded);
        active.setFirstSequence(record.sequence());
        appendedBytes += encoded.length;
        return new Appended(new Location(active.id(), (int) offset, encoded.length), appendedBytes);
    }

    /** Seals the active segment (flushed and fsync'd, so sealed segments are always durable). */
    synchronized void roll() throws IOException {
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
    synchronized Segment newOutputSegment(Path dir) throws IOException {
        int id = nextId++;
        return Segment.createAt(CompactionManifest.outputPath(dir, id), id);
    }

    /**
     * A consistent point to fsync at: everything appended before {@code appendedBytes} is either in
     * a sealed (already fsync'd) segment or flushed into {@code segment}.
     */
    record SyncPoint(Segment segment, long appendedBytes) {
    }

    /** Hands buffered records to the operating system and returns what an fsync would now cover. */
    synchronized SyncPoint flush() throws IOException {
        active.flush();
        return new SyncPoint(active, appendedBytes);
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
            synchronized (this) {
                segment.flush();
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
    synchronized List<Segment> segments() {
        List<Segment> all = new ArrayList<>(sealed);
        all.add(active);
        return all;
    }

    synchronized long diskBytes() {
        long total = active.size();
        for (Segment s : sealed) {
            total += s.size();
        }
        return total;
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

    private synchronized void retire(List<Segment> inputs, List<Segment> outputs) {
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
    }

    /** Flushes and fsyncs the active segment. */
    synchronized void sync() throws IOException {
        active.flush();
        active.force();
    }

    /** Flushes, fsyncs and seals the active segment, then closes every file. */
    @Override
    public synchronized void close() throws IOException {
        active.seal();
        active.force();
        for (Segment s : byId.values()) {
            s.close();
        }
    }

    /** Closes every file without flushing: after a failed write, recovery decides what the tail holds. */
    synchronized void abandon() {
        for (Segment s : byId.values()) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we can do; recovery handles the rest
            }
        }
    }

    /** The active segment (for writing its hint file at close). */
    synchronized Segment active() {
        return active;
    }
}
