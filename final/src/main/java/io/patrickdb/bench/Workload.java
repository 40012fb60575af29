package io.patrickdb.bench;

import io.patrickdb.bench.core.RequestMix;
import java.util.SplittableRandom;

/**
 * What one connection asks for: which operation, which key, which value. The choices are the
 * {@link RequestMix}'s, the same as every generator's; this class spells the keys for the wire.
 *
 * <p>Keys are {@code key:0000012345}, fixed width so that every request has the same size. Each
 * connection has its own {@link SplittableRandom}: fast, and never shared between threads (a
 * connection lives on one event-loop thread). Values are shared by all connections (no one writes
 * to them), so that a set costs the generator a copy and nothing more.
 */
final class Workload {
    static final int KEY_DIGITS = 10;
    private static final byte[] KEY_PREFIX = Ascii.bytes("key:");

    private final RequestMix mix;
    private final SplittableRandom random;
    private final byte[] key = new byte[KEY_PREFIX.length + KEY_DIGITS];
    private final byte[][] values;

    /** A workload that draws from {@code mix} with {@code random}, and writes one of {@code values} ({@link RequestMix#randomValues}). */
    Workload(RequestMix mix, byte[][] values, SplittableRandom random) {
        this.mix = mix;
        this.random = random;
        this.values = values;
        System.arraycopy(KEY_PREFIX, 0, key, 0, KEY_PREFIX.length);
    }

    /** Whether the next request is a get (else a set). */
    boolean nextIsGet() {
        return mix.nextIsGet(random);
    }

    /** A key chosen uniformly at random; the array is reused by the next call. */
    byte[] randomKey() {
        return key(nextKey());
    }

    /** The number of a key chosen uniformly at random ({@link #key} spells it). */
    int nextKey() {
        return mix.nextKey(random);
    }

    /** Key number {@code n}; the array is reused by the next call. */
    byte[] key(int n) {
        for (int i = key.length - 1; i >= KEY_PREFIX.length; i--) {
            key[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return key;
    }

    /** One of the random values. */
    byte[] randomValue() {
        return values[mix.nextValue(random)];
    }
}
