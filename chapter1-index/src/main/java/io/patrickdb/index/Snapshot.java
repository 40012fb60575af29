package io.patrickdb.index;

import java.util.List;

/**
 * The store's live values, read from its log, for a replication follower that is too far behind
 * to catch up from the log (a full resync, chapter 3).
 *
 * <p>It is a <em>fuzzy</em> snapshot, as ZooKeeper's: the store keeps taking writes while it is
 * read, so it is not the state at one instant. It holds, in sequence order, every record up to
 * {@link #sequence()} that is still its key's live value when the snapshot reaches it, and the
 * record at {@code sequence()} itself, whatever it is (so that a reader's last sequence number
 * is {@code sequence()} when it has applied the snapshot). A key
 * written or deleted after {@code sequence()} may be missing or absent from it, but that write's
 * own record is in the log after {@code sequence()}. So a reader that applies the snapshot and
 * then the log from {@code sequence()} on, every record once and in order, ends with the store's
 * state: snapshot plus log is exact, where the snapshot alone is not.
 *
 * <p>While a snapshot is open the store does not compact (compaction would move the records it
 * still has to read), so close it as soon as it has been sent. Not thread-safe.
 */
public final class Snapshot implements AutoCloseable {
    private final LogCursor cursor;
    private final long sequence;
    private final Runnable onClose;
    private boolean closed;

    Snapshot(LogCursor cursor, long sequence, Runnable onClose) {
        this.cursor = cursor;
        this.sequence = sequence;
        this.onClose = onClose;
    }

    /** The sequence after which the reader continues with the log. */
    public long sequence() {
        return sequence;
    }

    /** The next live records, in sequence order, about {@code maxBytes} of them; empty at the end. */
    public List<LogRecord> next(int maxBytes) {
        while (cursor.position() < sequence) {
            List<LogRecord> records = cursor.next(maxBytes);
            if (!records.isEmpty()) {
                return records;
            }
            if (cursor.position() == sequence || cursor.atEnd()) {
                break;
            }
        }
        return List.of();
    }

    /** How far the snapshot has read, as a sequence number (for progress: out of {@link #sequence()}). */
    public long position() {
        return Math.min(cursor.position(), sequence);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
