package io.patrickdb.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Index structure one: every key and its value in a hash map, as memcached keeps them. Reads
 * never touch the disk; the log exists only so that the map can be rebuilt after a restart.
 * The price is RAM for all the data.
 *
 * <p>Per key the map holds one byte array: the write's sequence number (8 bytes), its expiry
 * (8 bytes), then the value. One object instead of a value array plus a small record object
 * saves memory and, above all, work for the garbage collector, which must copy every object
 * that a freshly loaded store keeps alive.
 */
final class HashMapIndex implements Index {
    private static final int SEQUENCE = 0;
    private static final int EXPIRES_AT = 8;
    private static final int VALUE = 16;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();

    @Override
    public Versioned get(String key) {
        // BEGIN SOLUTION chapter1.part2
        byte[] entry = map.get(key);
        return entry == null ? null : new Versioned(Arrays.copyOfRange(entry, VALUE, entry.length), sequenceOf(entry), expiresAtOf(entry));
        // STUB: throw new UnsupportedOperationException("chapter1.part2: look the key up in the map");
        // END SOLUTION
    }

    @Override
    public int apply(LogRecord record, Location at) {
        // BEGIN SOLUTION chapter1.part2
        byte[] old = record.type() == RecordType.PUT ? map.put(record.key(), entryOf(record)) : map.remove(record.key());
        return sizeOf(record.key(), old);
        // STUB: throw new UnsupportedOperationException("chapter1.part2: put or remove the key, return the old record's size");
        // END SOLUTION
    }

    private static byte[] entryOf(LogRecord record) {
        byte[] value = record.value();
        byte[] entry = new byte[VALUE + value.length];
        LONG.set(entry, SEQUENCE, record.sequence());
        LONG.set(entry, EXPIRES_AT, record.expiresAt());
        System.arraycopy(value, 0, entry, VALUE, value.length);
        return entry;
    }

    private static long sequenceOf(byte[] entry) {
        return (long) LONG.get(entry, SEQUENCE);
    }

    private static long expiresAtOf(byte[] entry) {
        return (long) LONG.get(entry, EXPIRES_AT);
    }

    @Override
    public int remove(String key) {
        return sizeOf(key, map.remove(key));
    }

    @Override
    public boolean isLive(LogRecord record, Location at) {
        byte[] entry = map.get(record.key());
        return entry != null && sequenceOf(entry) == record.sequence();
    }

    @Override
    public void relocate(String key, Location from, Location to) {
        // Values live in memory: where the record sits on disk does not matter to this index.
    }

    @Override
    public int size() {
        return map.size();
    }

    /** The on-disk size of the record an entry came from. */
    private static int sizeOf(String key, byte[] entry) {
        return entry == null ? 0 : RecordFormat.sizeOf(Limits.utf8Length(key), entry.length - VALUE);
    }
}
