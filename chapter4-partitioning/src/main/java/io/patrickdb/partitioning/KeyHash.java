package io.patrickdb.partitioning;

/**
 * The 64-bit hash the schemes place keys by: FNV-1a over the key's bytes, then MurmurHash3's
 * 64-bit finalizer. FNV-1a alone is quick but mixes its last bytes poorly (keys that differ only
 * at the end, like {@code user:1} and {@code user:2}, hash close together); the finalizer spreads
 * every input bit over every output bit, which is what a ring or a modulo needs.
 */
public final class KeyHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHash() {
    }

    /** The hash of {@code key}. */
    public static long of(byte[] key) {
        long h = FNV_OFFSET;
        for (byte b : key) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    /** The hash of a string's UTF-8 bytes (node names, virtual node labels). */
    public static long of(String s) {
        return of(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** MurmurHash3's fmix64: a bijection on 64 bits in which each input bit flips about half the output bits. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
