package io.patrickdb.index;

/**
 * When a write counts as done, as Redis's {@code appendfsync}. A write call returns (or its future
 * completes) only once its policy is met.
 */
public enum Durability {
    /**
     * The write is on disk (fsync'd) before it returns. Concurrent writers share one fsync
     * (group commit), so many writers cost little more than one.
     */
    ALWAYS,
    /**
     * The write returns at once; a background thread hands buffered records to the operating
     * system every 100 ms and fsyncs every second. A crash loses at most about the last second.
     */
    EVERY_SECOND,
    /**
     * The write returns at once; records reach the operating system every 100 ms and the disk
     * whenever the operating system decides. Fastest; an operating-system crash may lose more.
     */
    NEVER
}
