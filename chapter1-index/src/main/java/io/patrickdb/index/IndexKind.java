package io.patrickdb.index;

/** The two index structures of the chapter, behind the same {@link KeyValueStore} API. */
public enum IndexKind {
    /**
     * Keys and values in an in-memory hash map, the log only for durability: reads never touch
     * the disk (memcached with a memory). Needs RAM for all the data.
     */
    HASH_MAP,
    /**
     * Bitcask's key directory: keys in memory, each with only its record's position in the log;
     * a read is one positioned read from a file. Needs RAM for the keys only.
     */
    KEY_DIRECTORY
}
