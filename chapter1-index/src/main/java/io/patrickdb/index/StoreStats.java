package io.patrickdb.index;

/**
 * A snapshot of a store's counters.
 *
 * @param keys           keys in the index (expired keys not yet noticed included)
 * @param liveBytes      bytes of log records that are still the current value of their key
 * @param diskBytes      bytes of all segment files
 * @param segments       number of segment files
 * @param lastSequence   the sequence number of the latest write
 * @param fsyncs         fsync calls made since the store opened
 * @param writes         writes appended to the log since the store opened
 * @param compactions    compactions completed since the store opened
 * @param index          the index structure in use
 * @param durability     the durability policy in use
 */
public record StoreStats(long keys, long liveBytes, long diskBytes, int segments, long lastSequence,
                         long fsyncs, long writes, long compactions, IndexKind index, Durability durability) {

    /** Bytes on disk that compaction could reclaim. */
    public long deadBytes() {
        return Math.max(0, diskBytes - liveBytes);
    }
}
