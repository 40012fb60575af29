package io.patrickdb.index;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Index structure one: every key and its value in a hash map, as memcached keeps them. Reads
 * never touch the disk; the log exists only so that the map can be rebuilt after a restart.
 * The price is RAM for all the data.
 */
final class HashMapIndex implements Index {

    /** What the map holds per key: the value and what compare-and-set and expiry need. */
    private record Entry(byte[] value, long sequence, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();

    @Override
    public Versioned get(String key) {
        // BEGIN SOLUTION chapter1.part2
        Entry e = map.get(key);
        return e == null ? null : new Versioned(e.value.clone(), e.sequence, e.expiresAt);
        // STUB: throw new UnsupportedOperationException("chapter1.part2: look the key up in the map");
        // END SOLUTION
    }

    @Override
    public int apply(LogRecord record, Location at) {
        // BEGIN SOLUTION chapter1.part2
        Entry old = record.type() == RecordType.PUT
                ? map.put(record.key(), new Entry(record.value(), record.sequence(), record.expiresAt()))
                : map.remove(record.key());
        return sizeOf(record.key(), old);
        // STUB: throw new UnsupportedOperationException("chapter1.part2: put or remove the key, return the old record's size");
        // END SOLUTION
    }

    @Override
    public int remove(String key) {
        return sizeOf(key, map.remove(key));
    }

    @Override
    public boolean isLive(LogRecord record, Location at) {
        Entry e = map.get(record.key());
        return e != null && e.sequence == record.sequence();
    }

    @Override
    public void relocate(String key, Location from, Location to) {
        // Values live in memory: where the record sits on disk does not matter to this index.
    }

    @Override
    public int size() {
        return map.size();
    }

    private static int sizeOf(String key, Entry e) {
        return e == null ? 0 : RecordFormat.sizeOf(Limits.utf8Length(key), e.value.length);
    }
}
