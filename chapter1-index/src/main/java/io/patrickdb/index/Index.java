package io.patrickdb.index;

import java.io.IOException;

/**
 * The in-memory structure that finds a key's current record. The chapter's two answers differ in
 * what they keep per key: the value itself ({@link HashMapIndex}) or only where it is in the log
 * ({@link KeyDirectory}). Everything else about the store is the same for both.
 *
 * <p>All methods that change the index are called by the single writer (under the store's write
 * lock) or by recovery; {@link #get} may be called by any thread at any time.
 */
sealed interface Index permits HashMapIndex, KeyDirectory {

    /** The key's current value with its version and expiry (expired or not), or {@code null}. */
    Versioned get(String key) throws IOException;

    /**
     * Makes {@code record}, written at {@code at}, the key's current state: a put replaces the
     * entry, a tombstone removes it. Returns the on-disk size of the record it superseded, or 0.
     */
    int apply(LogRecord record, Location at);

    /** Removes the key; returns the on-disk size of the record it pointed to, or 0. */
    int remove(String key);

    /** Whether {@code record}, found at {@code at}, is still the key's current record. */
    boolean isLive(LogRecord record, Location at);

    /** Compaction moved the key's record from {@code from} to {@code to}, unless it was overwritten since. */
    void relocate(String key, Location from, Location to);

    /** Number of keys. */
    int size();
}
