package io.patrickdb.index;

import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * The key directory's hash table: key bytes to record {@link Location}s, in a few flat arrays
 * instead of one object per entry, because the point of a key directory is to fit many keys in
 * little memory. A general-purpose map spends about 100 bytes per entry on node, key string and
 * value objects; this table spends the key's byte array and about 16 bytes per slot.
 *
 * <p>Open addressing with linear probing: a key lives in the first free slot at or after its
 * hash's slot; a lookup walks from there until it finds the key or an empty slot. Removal shifts
 * later entries of the same run back (no tombstones), so runs stay short. The table doubles when
 * three quarters full.
 *
 * <p>One writer at a time (the store's writer, or recovery) changes it under a write lock.
 * Readers take no lock: they read optimistically and check afterwards, with the
 * {@link StampedLock} version, that no write happened meanwhile; if one did, they read again
 * under the read lock. Lookups are bounded by the table's size, so a read that races a write can
 * see nonsense but never loop forever or index out of bounds.
 */
final class KeyTable {
    private static final int INITIAL_CAPACITY = 1024;

    /** The arrays, swapped as one when the table grows. Slot {@code i} is free if {@code keys[i] == null}. */
    private static final class Slots {
        final byte[][] keys;
        final long[] positions;   // segment id in the high 32 bits, offset in the low 32
        final int[] sizes;

        Slots(int capacity) {
            keys = new byte[capacity][];
            positions = new long[capacity];
            sizes = new int[capacity];
        }

        int mask() {
            return keys.length - 1;
        }
    }

    private final StampedLock lock = new StampedLock();
    private volatile Slots slots = new Slots(INITIAL_CAPACITY);
    private volatile int count;

    int size() {
        return count;
    }

    /** The key's location, or {@code null}. */
    Location get(byte[] key) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            Location found = find(slots, key);
            if (lock.validate(stamp)) {
                return found;
            }
        }
        stamp = lock.readLock();
        try {
            return find(slots, key);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private static Location find(Slots s, byte[] key) {
        int mask = s.mask();
        for (int i = hash(key) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            byte[] k = s.keys[i];
            if (k == null) {
                return null;
            }
            if (Arrays.equals(k, key)) {
                long position = s.positions[i];
                return new Location((int) (position >>> 32), (int) position, s.sizes[i]);
            }
        }
        return null;
    }

    /** Points the key at {@code at}; returns the location it replaced, or {@code null}. */
    Location put(byte[] key, Location at) {
        long stamp = lock.writeLock();
        try {
            if ((count + 1) * 4L > slots.keys.length * 3L) {
                slots = grown(slots);
            }
            Slots s = slots;
            int i = slotOf(s, key);
            Location old = null;
            if (s.keys[i] == null) {
                s.keys[i] = key;
                count++;
            } else {
                old = locationAt(s, i);
            }
            s.positions[i] = pack(at);
            s.sizes[i] = at.size();
            return old;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Moves the key from {@code from} to {@code to} if it is still at {@code from}. */
    boolean replace(byte[] key, Location from, Location to) {
        long stamp = lock.writeLock();
        try {
            Slots s = slots;
            int i = slotOf(s, key);
            if (s.keys[i] == null || !locationAt(s, i).equals(from)) {
                return false;
            }
            s.positions[i] = pack(to);
            s.sizes[i] = to.size();
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes the key; returns its location, or {@code null}. */
    Location remove(byte[] key) {
        long stamp = lock.writeLock();
        try {
            Slots s = slots;
            int i = slotOf(s, key);
            if (s.keys[i] == null) {
                return null;
            }
            Location old = locationAt(s, i);
            shiftBackInto(s, i);
            count--;
            return old;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Empties slot {@code hole} and moves later entries of its run back, so every remaining key is
     * still reachable from its home slot without crossing an empty one (Knuth's algorithm R).
     */
    private static void shiftBackInto(Slots s, int hole) {
        int mask = s.mask();
        for (int j = (hole + 1) & mask; s.keys[j] != null; j = (j + 1) & mask) {
            int home = hash(s.keys[j]) & mask;
            // The entry at j may move to the hole only if its home is not between hole and j (cyclically).
            boolean homeBetween = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeBetween) {
                s.keys[hole] = s.keys[j];
                s.positions[hole] = s.positions[j];
                s.sizes[hole] = s.sizes[j];
                hole = j;
            }
        }
        s.keys[hole] = null;
    }

    /** The key's slot, or the free slot where it would go. */
    private static int slotOf(Slots s, byte[] key) {
        int mask = s.mask();
        int i = hash(key) & mask;
        while (s.keys[i] != null && !Arrays.equals(s.keys[i], key)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static Slots grown(Slots old) {
        Slots bigger = new Slots(old.keys.length * 2);
        for (int i = 0; i < old.keys.length; i++) {
            if (old.keys[i] != null) {
                int j = slotOf(bigger, old.keys[i]);
                bigger.keys[j] = old.keys[i];
                bigger.positions[j] = old.positions[i];
                bigger.sizes[j] = old.sizes[i];
            }
        }
        return bigger;
    }

    private static Location locationAt(Slots s, int i) {
        return new Location((int) (s.positions[i] >>> 32), (int) s.positions[i], s.sizes[i]);
    }

    private static long pack(Location at) {
        return ((long) at.segment() << 32) | (at.offset() & 0xffffffffL);
    }

    /** Arrays.hashCode spread by a multiply-shift, so similar keys do not crowd neighbouring slots. */
    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
