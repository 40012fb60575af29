package io.patrickdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the store's log in sequence order, from a position on: the stream a replication leader
 * sends its followers (chapter 3). The log is already ordered by sequence number, segment after
 * segment, so a cursor is only a segment and an offset in it, and {@link #position()}: the
 * sequence number of the last record it returned.
 *
 * <p>Three things happen to the log while a cursor reads it, and each is handled here:
 * <ul>
 *   <li>the writer appends: records that are still in the active segment's memory buffer are
 *       flushed to the file first, and the cursor reads only bytes that are whole in the file;</li>
 *   <li>the writer seals the active segment and starts a new one: the cursor moves on to it;</li>
 *   <li>compaction replaces the segments: a segment the cursor already opened stays readable
 *       (its records are a superset of compaction's output), and when it is gone the cursor
 *       finds its position again by sequence number in the new segments. If compaction has dropped
 *       records after the position (see {@link LogStructuredStore#compactedThrough()}), the cursor
 *       throws {@link LogTruncatedException}: the reader must start over from a snapshot.</li>
 * </ul>
 *
 * <p>Not thread-safe: one reader per cursor. Any number of cursors may read at once.
 */
public final class LogCursor {
    private static final int READ_CHUNK = 256 * 1024;

    private final LogStructuredStore store;
    private final SegmentedLog log;
    private final int maxValueBytes;
    private final Filter keep; // which records next() returns (a snapshot filters; a stream keeps all)
    private final boolean needsEveryRecord; // a stream does; a snapshot reads only live records, which compaction keeps
    private long position;
    private Segment segment;          // null: find the segment for position on the next read
    private long offset;              // in segment: where the next record starts
    private ByteBuffer chunk = ByteBuffer.allocate(0);
    private boolean atEnd; // the last read stopped at the end of the log

    /** Which records a cursor returns; {@code at} is where the record is in the log. */
    @FunctionalInterface
    interface Filter {
        Filter ALL = (record, at) -> true;

        boolean keep(LogRecord record, Location at) throws IOException;
    }

    LogCursor(LogStructuredStore store, SegmentedLog log, int maxValueBytes, long afterSequence, Filter keep,
              boolean needsEveryRecord) {
        this.needsEveryRecord = needsEveryRecord;
        this.store = store;
        this.log = log;
        this.maxValueBytes = maxValueBytes;
        this.position = afterSequence;
        this.keep = keep;
    }

    /** The sequence number of the last record returned, or the one the cursor started after. */
    public long position() {
        return position;
    }

    /**
     * The next records after {@link #position()}, in order, up to about {@code maxBytes} of them
     * on disk (at least one if any is there); an empty list only if the cursor has read everything
     * the log holds now. {@link LogStructuredStore#awaitSequenceAbove} says when to ask again.
     *
     * @throws LogTruncatedException if compaction dropped records this cursor has not read yet
     * @throws CorruptLogException   if a record in a sealed segment is damaged
     */
    public List<LogRecord> next(int maxBytes) {
        try {
            return read(maxBytes);
        } catch (IOException e) {
            throw new StoreException("cannot read the log after sequence " + position + ": " + e.getMessage(), e);
        }
    }

    /** Whether the last {@link #next} stopped because it had read everything the log held. */
    boolean atEnd() {
        return atEnd;
    }

    private List<LogRecord> read(int maxBytes) throws IOException {
        atEnd = false;
        // A record is in the log a moment before the store publishes its sequence number; a reader
        // that got it earlier would be ahead of the store's own last sequence. So only published ones.
        long published = store.publishedSequence();
        List<LogRecord> out = new ArrayList<>();
        int bytes = 0;
        while (bytes < maxBytes) {
            if (segment == null && !seek()) {
                atEnd = true;
                break;
            }
            RecordFormat.Decoded decoded = RecordFormat.decode(chunk, maxValueBytes);
            if (decoded instanceof RecordFormat.Decoded.Ok ok && ok.record().sequence() > published) {
                chunk.position(chunk.position() - ok.size()); // read it again next time
                atEnd = true;
                break;
            } else if (decoded instanceof RecordFormat.Decoded.Ok ok) {
                Location at = new Location(segment.id(), (int) offset, ok.size());
                offset += ok.size();
                if (ok.record().sequence() > position) {
                    position = ok.record().sequence();
                    if (keep.keep(ok.record(), at)) {
                        out.add(ok.record());
                        bytes += ok.size();
                    }
                }
            } else if (decoded instanceof RecordFormat.Decoded.Corrupt bad) {
                throw new CorruptLogException(segment.path(), offset, bad.reason());
            } else if (!refill()) {
                atEnd = true;
                break;
            }
        }
        return out;
    }

    /**
     * Reads the next bytes of the current segment into the chunk, keeping a record cut at its end.
     * Returns false if the log holds nothing more now (the cursor is at the end of the active
     * segment); moves to the next segment when this one is sealed and read to its end.
     */
    private boolean refill() throws IOException {
        boolean active = isActive(segment); // before reading the end: a segment sealed after this is read again
        long available = readableEnd(segment, active) - offset; // from the next record's start to the end
        if (available <= chunk.remaining()) { // nothing in the file that the chunk does not hold
            if (active) {
                return false;
            }
            if (available > 0) {
                throw new CorruptLogException(segment.path(), offset, "a record is cut at the end of a sealed segment");
            }
            return advance();
        }
        int want = (int) Math.min(Math.max(READ_CHUNK, chunk.remaining() * 2L), available);
        ByteBuffer next = ByteBuffer.allocate(want);
        try {
            while (next.hasRemaining()) {
                if (segment.channel().read(next, offset + next.position()) < 0) {
                    break;
                }
            }
        } catch (ClosedChannelException replaced) { // compaction deleted it: find our place in its output
            segment = null;
            return true;
        }
        chunk = next.flip();
        return true;
    }

    /** How far the segment's bytes are whole in the file; flushes the active segment's buffer first. */
    private long readableEnd(Segment s, boolean active) throws IOException {
        if (active && !s.isFlushedTo(s.size())) {
            log.flush();
        }
        return s.flushedSize();
    }

    private boolean isActive(Segment s) {
        return s == log.active();
    }

    /** Moves to the segment after the current one, if it is still in the log; else seeks by position. */
    private boolean advance() {
        List<Segment> all = log.segments();
        int i = all.indexOf(segment);
        if (i < 0 || i + 1 >= all.size()) {
            segment = null;
            return seek();
        }
        open(all.get(i + 1), 0);
        return true;
    }

    /**
     * Finds the segment that holds the first record after {@link #position()}: the last one whose
     * first record is at or before it (records of that segment up to the position are skipped as
     * they are read). Returns false if the log is empty.
     */
    private boolean seek() {
        if (needsEveryRecord && position < store.compactedThrough()) {
            throw new LogTruncatedException(position, store.compactedThrough());
        }
        List<Segment> all = log.segments();
        Segment found = null;
        for (Segment s : all) {
            if (found != null && (s.firstSequence() < 0 || s.firstSequence() > position + 1)) {
                break;
            }
            found = s;
        }
        if (found == null) {
            return false;
        }
        open(found, 0);
        return true;
    }

    private void open(Segment s, long at) {
        segment = s;
        offset = at;
        chunk = ByteBuffer.allocate(0);
    }
}
