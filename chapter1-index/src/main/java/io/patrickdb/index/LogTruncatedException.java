package io.patrickdb.index;

/**
 * The log no longer holds every record after a position: compaction dropped tombstones or
 * overwritten values there. A reader at that position cannot catch up from the log; it must
 * start over from a {@link LogStructuredStore#snapshot() snapshot} (a replication follower's
 * full resync).
 */
public final class LogTruncatedException extends StoreException {
    private final long position;
    private final long compactedThrough;

    public LogTruncatedException(long position, long compactedThrough) {
        super("the log is compacted through sequence " + compactedThrough + ", so it cannot be read from " + position);
        this.position = position;
        this.compactedThrough = compactedThrough;
    }

    /** Where the reader wanted to start. */
    public long position() {
        return position;
    }

    /** The sequence up to which compaction may have dropped records. */
    public long compactedThrough() {
        return compactedThrough;
    }
}
