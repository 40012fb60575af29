package io.patrickdb.bench.etcd;

import io.etcd.jetcd.ByteSequence;
import io.patrickdb.bench.core.RequestMix;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the streams ask for: which operation, which key, which value. The choices are the
 * {@link RequestMix}'s, the same as {@code ./patrickdb bench}'s; this class makes them jetcd's.
 *
 * <p>Keys are {@code key0} to {@code key<K-1>}. They and the values are made once, up front, as
 * jetcd's {@link ByteSequence} (which copies what it wraps), so that a request costs the
 * generator no copy at all. Answers arrive on jetcd's threads, several at once for one stream, so
 * the choices are drawn from {@link ThreadLocalRandom}: nothing shared, nothing locked.
 */
final class Workload {
    private final RequestMix mix;
    private final ByteSequence[] keys;
    private final ByteSequence[] values;

    /** A workload that draws its requests from {@code mix}. */
    Workload(RequestMix mix) {
        this.mix = mix;
        this.keys = new ByteSequence[mix.keys()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ByteSequence.from("key" + i, StandardCharsets.US_ASCII);
        }
        byte[][] random = mix.randomValues(new SplittableRandom());
        this.values = new ByteSequence[random.length];
        for (int i = 0; i < random.length; i++) {
            values[i] = ByteSequence.from(random[i]);
        }
    }

    /** Whether the next request is a get (else a put). */
    boolean nextIsGet() {
        return mix.nextIsGet(ThreadLocalRandom.current());
    }

    /** A key chosen uniformly at random. */
    ByteSequence randomKey() {
        return keys[mix.nextKey(ThreadLocalRandom.current())];
    }

    /** Key number {@code n}. */
    ByteSequence key(int n) {
        return keys[n];
    }

    /** How many keys there are. */
    int keys() {
        return keys.length;
    }

    /** One of the random values. */
    ByteSequence randomValue() {
        return values[mix.nextValue(ThreadLocalRandom.current())];
    }
}
