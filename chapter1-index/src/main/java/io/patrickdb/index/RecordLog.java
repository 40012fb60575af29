package io.patrickdb.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A log of records and nothing else: the store's segment files and record format, without the
 * index, the compaction or the hint files. Chapter 3's Raft log is one: an entry must be on disk
 * before a node acknowledges it, the leader may replace a follower's last entries with its own,
 * and a snapshot makes the oldest ones unnecessary. So this log can append, force, cut its tail
 * after a sequence number, and drop whole segments from its head.
 *
 * <p>Sequence numbers must grow by exactly one from record to record: that is what lets
 * {@link #truncateAfter} find a record's position from its number alone. Recovery on
 * {@link #open} is the store's: a torn record at the very end (an append a crash interrupted) is
 * cut off; a bad record with good ones after it fails with {@link CorruptLogException}.
 *
 * <p>Not thread-safe: one thread owns it (the Raft node's loop).
 */
public final class RecordLog implements Closeable {
    private final Path dir;
    private final long segmentBytes;
    private final List<Segment> segments = new ArrayList<>(); // oldest first; the last one is appended to
    private final List<LongList> offsets = new ArrayList<>(); // per segment, each record's byte offset
    private long firstSequence; // of the oldest record held, or lastSequence + 1 when empty
    private long lastSequence;
    private int nextId;

    private RecordLog(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the log in {@code dir} (created if missing) and hands every record in it, oldest
     * first, to {@code recovered}.
     *
     * @param startAfter the sequence number the log starts after when it is empty (the last one
     *                   a snapshot covers), so that the first record appended is {@code startAfter + 1}
     */
    public static RecordLog open(Path dir, long segmentBytes, int maxValueBytes, long startAfter,
                                 java.util.function.Consumer<LogRecord> recovered) {
        RecordLog log = new RecordLog(dir, segmentBytes);
        try {
            Files.createDirectories(dir);
            log.recover(maxValueBytes, startAfter, recovered);
            return log;
        } catch (IOException e) {
            log.closeQuietly();
            throw new StoreException("cannot open the log in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            log.closeQuietly();
            throw e;
        }
    }

    private void recover(int maxValueBytes, long startAfter, java.util.function.Consumer<LogRecord> recovered) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Segment::isSegmentFile).sorted().toList();
        }
        lastSequence = startAfter;
        firstSequence = startAfter + 1;
        boolean[] seenAny = {false};
        for (int i = 0; i < files.size(); i++) {
            Segment segment = Segment.open(files.get(i));
            segments.add(segment);
            nextId = Math.max(nextId, segment.id() + 1);
            LongList positions = new LongList();
            SegmentScanner.Result scan = SegmentScanner.scan(segment.channel(), maxValueBytes, (record, offset, size) -> {
                if (!seenAny[0]) {
                    seenAny[0] = true;
                    firstSequence = record.sequence();
                } else if (record.sequence() != lastSequence + 1) {
                    throw new CorruptLogException(segment.path(), offset,
                            "sequence " + record.sequence() + " follows " + lastSequence);
                }
                lastSequence = record.sequence();
                positions.add(offset);
                recovered.accept(record);
            });
            if (!scan.clean()) {
                if (!scan.tornWrite() || i < files.size() - 1) {
                    throw new CorruptLogException(segment.path(), scan.validEnd(), scan.problem());
                }
                segment.truncate(scan.validEnd()); // a torn append at the end: it was never acknowledged
            }
            offsets.add(positions);
        }
        startSegment(); // recovered files stay as they are; appends go to a new one
    }

    private void startSegment() throws IOException {
        Segment segment = Segment.create(dir, nextId++);
        segments.add(segment);
        offsets.add(new LongList());
    }

    /** The sequence number of the oldest record held; {@code lastSequence() + 1} when there is none. */
    public long firstSequence() {
        return firstSequence;
    }

    /** The sequence number of the newest record, or the one the log starts after when it is empty. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Appends a record, whose sequence must be {@link #lastSequence()} + 1. Durable only after {@link #force}. */
    public void append(LogRecord record) {
        if (record.sequence() != lastSequence + 1) {
            throw new IllegalArgumentException("record " + record.sequence() + " does not follow " + lastSequence);
        }
        byte[] encoded = RecordFormat.encode(record);
        try {
            Segment active = active();
            if (active.size() > 0 && active.size() + encoded.length > segmentBytes) {
                active.seal();
                active.force();
                startSegment();
                active = active();
            }
            long offset = active.append(encoded);
            offsets.get(offsets.size() - 1).add(offset);
            lastSequence = record.sequence();
        } catch (IOException e) {
            throw new StoreException("cannot append to the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes what was appended to the disk (flush and fsync): after it returns, a crash loses none of it. */
    public void force() {
        try {
            Segment active = active();
            active.flush();
            active.force();
        } catch (IOException e) {
            throw new StoreException("cannot write the log in " + dir + " to disk: " + e.getMessage(), e);
        }
    }

    /**
     * Removes, durably, every record after {@code sequence}: the file that holds the first of
     * them is cut there and the files after it are deleted. New appends continue from
     * {@code sequence + 1}.
     */
    public void truncateAfter(long sequence) {
        if (sequence >= lastSequence) {
            return;
        }
        if (sequence < firstSequence - 1) {
            throw new IllegalArgumentException("cannot cut at " + sequence + ": the log starts at " + firstSequence);
        }
        try {
            long skipped = firstSequence;
            int s = 0;
            while (s < segments.size() && skipped + offsets.get(s).size <= sequence) {
                skipped += offsets.get(s).size;
                s++;
            }
            // segment s holds sequence + 1 (or s is past the end, if sequence + 1 starts a new segment)
            for (int d = segments.size() - 1; d > s; d--) {
                segments.remove(d).delete();
                offsets.remove(d);
            }
            if (s < segments.size()) {
                Segment cut = segments.get(s);
                LongList positions = offsets.get(s);
                int keep = (int) (sequence + 1 - skipped);
                cut.flush();
                cut.truncate(keep < positions.size ? positions.values[keep] : cut.size());
                segments.remove(s);
                offsets.remove(s);
                cut.close();
                if (keep > 0) { // what is left of the file stays as a sealed segment
                    segments.add(Segment.open(cut.path()));
                    positions.size = keep;
                    offsets.add(positions);
                } else {
                    Files.deleteIfExists(cut.path());
                }
            }
            DataDirectory.syncDirectory(dir);
            lastSequence = sequence;
            if (lastSequence < firstSequence) {
                firstSequence = lastSequence + 1;
            }
            startSegment();
        } catch (IOException e) {
            throw new StoreException("cannot cut the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the oldest segment files as long as every record in them is at or below
     * {@code sequence} (a snapshot covers them). Records above it are kept, and so are some at or
     * below it that share a file with a newer one.
     */
    public void dropThrough(long sequence) {
        try {
            while (segments.size() > 1 && firstSequence + offsets.get(0).size - 1 <= sequence) {
                firstSequence += offsets.get(0).size;
                segments.remove(0).delete();
                offsets.remove(0);
            }
            if (lastSequence <= sequence && offsets.get(0).size == 0 && segments.size() == 1) {
                firstSequence = lastSequence + 1;
            }
            DataDirectory.syncDirectory(dir);
        } catch (IOException e) {
            throw new StoreException("cannot delete old segments in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the log over, empty, after {@code sequence}: every file is deleted (a snapshot from
     * the leader replaces the whole log).
     */
    public void resetAfter(long sequence) {
        try {
            for (Segment s : segments) {
                s.delete();
            }
            segments.clear();
            offsets.clear();
            DataDirectory.syncDirectory(dir);
            firstSequence = sequence + 1;
            lastSequence = sequence;
            startSegment();
        } catch (IOException e) {
            throw new StoreException("cannot reset the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** How many files the log has (for tests and status). */
    public int segmentCount() {
        return segments.size();
    }

    private Segment active() {
        return segments.get(segments.size() - 1);
    }

    /** Flushes and fsyncs what was appended, then closes every file. */
    @Override
    public void close() {
        try {
            force();
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        for (Segment s : segments) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }

    /** A growable list of longs: one segment's record offsets. */
    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
