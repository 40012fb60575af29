package io.patrickdb.bench;

import java.util.SplittableRandom;

/**
 * What one connection asks for: which operation, which key, which value.
 *
 * <p>Keys are {@code key:0000012345}, fixed width so that every request has the same size, and
 * chosen uniformly from the key space. Each connection has its own {@link SplittableRandom}:
 * fast, and never shared between threads. Values are random bytes, a few made up front and
 * shared by all connections (no one writes to them), so that a set costs the generator a copy
 * and nothing more.
 */
final class Workload {
    static final int KEY_DIGITS = 10;
    private static final byte[] KEY_PREFIX = Ascii.bytes("key:");
    /** How many different values the sets send. */
    static final int VALUES = 8;

    private final SplittableRandom random;
    private final int keys;
    private final double getRatio;
    private final byte[] key = new byte[KEY_PREFIX.length + KEY_DIGITS];
    private final byte[][] values;

    /**
     * A workload over keys {@code 0 .. keys-1} that reads with probability {@code getRatio} and
     * writes one of {@code values} (see {@link #randomValues}).
     */
    Workload(int keys, double getRatio, byte[][] values, SplittableRandom random) {
        this.random = random;
        this.keys = keys;
        this.getRatio = getRatio;
        this.values = values;
        System.arraycopy(KEY_PREFIX, 0, key, 0, KEY_PREFIX.length);
    }

    /** {@link #VALUES} values of {@code size} random bytes, for every connection's workload. */
    static byte[][] randomValues(int size, SplittableRandom random) {
        byte[][] values = new byte[VALUES][size];
        for (byte[] value : values) {
            random.nextBytes(value);
        }
        return values;
    }

    /** Whether the next request is a get (else a set). */
    boolean nextIsGet() {
        return random.nextDouble() < getRatio;
    }

    /** A key chosen uniformly at random; the array is reused by the next call. */
    byte[] randomKey() {
        return key(random.nextInt(keys));
    }

    /** Key number {@code n}; the array is reused by the next call. */
    byte[] key(int n) {
        for (int i = key.length - 1; i >= KEY_PREFIX.length; i--) {
            key[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return key;
    }

    /** One of this connection's random values. */
    byte[] randomValue() {
        return values[random.nextInt(values.length)];
    }
}
