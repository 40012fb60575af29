package io.patrickdb.index;

/**
 * The steps of a compaction, in order. Each is a point where a crash must leave a store that
 * reopens with every acknowledged write: the crash tests stop a child process at each one.
 */
enum CompactionStep {
    /** New segments written and fsync'd under temporary names; the log does not know them. */
    OUTPUTS_WRITTEN,
    /** The manifest (the commit point) is durable: recovery will finish the swap. */
    MANIFEST_WRITTEN,
    /** The new segments have their real names. */
    OUTPUTS_RENAMED,
    /** The running store reads from the new segments. */
    SWAPPED,
    /** The old segments are deleted; only the manifest is left to remove. */
    INPUTS_DELETED
}
