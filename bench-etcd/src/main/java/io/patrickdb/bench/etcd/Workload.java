package io.patrickdb.bench.etcd;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the streams ask for: which operation, which key, which value.
 *
 * <p>Keys are {@code key0} to {@code key<K-1>}, chosen uniformly. They and the values are made
 * once, up front, as jetcd's {@link ByteSequence} (which copies what it wraps), so that a
 * request costs the generator no copy at all. The values are a few random arrays of the given
 * size, shared by every stream. Answers arrive on jetcd's threads, several at once for one stream,
 * so the choices come from {@link ThreadLocalRandom}: nothing shared, nothing locked.
 */
final class Workload {
    /** How many different values the puts send. */
    private static final int VALUES = 8;

    private final ByteSequence[] keys;
    private final ByteSequence[] values;
    private final double getRatio;

    /** A workload over {@code keys} keys that reads with probability {@code getRatio}. */
    Workload(int keys, int valueSize, double getRatio) {
        this.keys = new ByteSequence[keys];
        for (int i = 0; i < keys; i++) {
            this.keys[i] = ByteSequence.from("key" + i, StandardCharsets.US_ASCII);
        }
        SplittableRandom random = new SplittableRandom();
        this.values = new ByteSequence[VALUES];
        for (int i = 0; i < VALUES; i++) {
            byte[] value = new byte[valueSize];
            random.nextBytes(value);
            values[i] = ByteSequence.from(value);
        }
        this.getRatio = getRatio;
    }

    /** Whether the next request is a get (else a put). */
    boolean nextIsGet() {
        return ThreadLocalRandom.current().nextDouble() < getRatio;
    }

    /** A key chosen uniformly at random. */
    ByteSequence randomKey() {
        return keys[ThreadLocalRandom.current().nextInt(keys.length)];
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
        return values[ThreadLocalRandom.current().nextInt(values.length)];
    }
}
