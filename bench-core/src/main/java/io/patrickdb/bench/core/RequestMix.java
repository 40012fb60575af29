package io.patrickdb.bench.core;

import java.util.random.RandomGenerator;

/**
 * Which requests a load sends, whatever the client: a get with probability {@code getRatio},
 * else a write; a key chosen uniformly from {@code 0 .. keys-1}; and, for a write, one of
 * {@link #VALUES} random values, made once up front so that a write costs the generator no new
 * bytes.
 *
 * <p>How a key number is spelled on the wire, and which random generator to draw from, is each
 * generator's choice: the random generator is a parameter, so that a generator whose answers
 * arrive on one thread per connection can give each its own, and one whose answers arrive on
 * many threads can use {@link java.util.concurrent.ThreadLocalRandom}.
 *
 * @param keys      the size of the key space
 * @param getRatio  the fraction of requests that are gets
 * @param valueSize bytes per value
 */
public record RequestMix(int keys, double getRatio, int valueSize) {
    /** How many different values the writes send. */
    public static final int VALUES = 8;

    /** Whether the next request is a get (else a write). */
    public boolean nextIsGet(RandomGenerator random) {
        return random.nextDouble() < getRatio;
    }

    /** The number of the next request's key, chosen uniformly. */
    public int nextKey(RandomGenerator random) {
        return random.nextInt(keys);
    }

    /** Which of the {@link #randomValues} the next write sends. */
    public int nextValue(RandomGenerator random) {
        return random.nextInt(VALUES);
    }

    /** {@link #VALUES} values of {@code valueSize} random bytes; nobody writes to them, so all connections can share them. */
    public byte[][] randomValues(RandomGenerator random) {
        byte[][] values = new byte[VALUES][valueSize];
        for (byte[] value : values) {
            random.nextBytes(value);
        }
        return values;
    }
}
