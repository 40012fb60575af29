package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compaction runs while readers and writers go on. It moves live records to new segments and
 * deletes the old ones under the readers' feet, so a reader may hold a location that is gone a
 * moment later. No read may miss a value that exists, see a deleted key again, or see a value
 * older than one it already saw; and when all is done the store must equal a model of the writes,
 * before and after reopening.
 */
@Tag("chapter1.part6")
class CompactionConcurrencyTest {

    private static final int STABLE_KEYS = 150;
    private static final int WRITERS = 2;
    private static final int KEYS_PER_WRITER = 40;
    private static final int READERS = 2;
    private static final int COMPACTIONS = 25;
    /** Writes allowed per compaction round; compaction starts when half of them are done. */
    private static final int WRITES_PER_ROUND = 300;
    private static final long SEED = 0x5eedL;

    @TempDir
    Path tmp;

    /** What a stable key holds: a value and the version that wrote it, or nothing. */
    private record Expected(byte[] value, long version) {
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void compactionWhileReadersAndWritersRunLosesNothing(IndexKind kind) throws Exception {
        StoreOptions options = StoreOptions.in(tmp.resolve("data")).withIndex(kind)
                .withDurability(Durability.NEVER).withSegmentBytes(16 * 1024);
        Map<String, Optional<byte[]>> model = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        // Paces the writers, so that every compaction has new sealed segments to work on and
        // writes go on while it runs, without the log growing faster than compaction can keep up.
        Semaphore writePermits = new Semaphore(0);

        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            // Keys written (and overwritten, or deleted) before compaction starts and never again:
            // their records sit in old segments that every compaction moves.
            Map<String, Optional<Expected>> stable = new HashMap<>();
            Random random = new Random(SEED);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < STABLE_KEYS; i++) {
                    String key = "stable-" + i;
                    byte[] value = new byte[20 + random.nextInt(100)];
                    random.nextBytes(value);
                    stable.put(key, Optional.of(new Expected(value, store.put(key, value))));
                }
            }
            for (int i = 0; i < STABLE_KEYS; i += 4) {
                store.delete("stable-" + i);
                stable.put("stable-" + i, Optional.empty());
            }
            stable.forEach((k, v) -> model.put(k, v.map(Expected::value)));

            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                threads.add(new Thread(guard(failure, () -> {
                    Random r = new Random(SEED + writer);
                    for (long n = 0; !stop.get() && failure.get() == null; n++) {
                        writePermits.acquireUninterruptibly();
                        if (stop.get()) {
                            break;
                        }
                        String key = "w" + writer + "-k" + r.nextInt(KEYS_PER_WRITER);
                        if (r.nextInt(5) == 0) {
                            store.delete(key);
                            model.put(key, Optional.empty());
                        } else {
                            byte[] value = churnValue(key, n);
                            store.put(key, value);
                            model.put(key, Optional.of(value));
                        }
                        writes.incrementAndGet();
                    }
                }), "writer-" + w));
            }
            for (int rd = 0; rd < READERS; rd++) {
                int reader = rd;
                threads.add(new Thread(guard(failure, () -> {
                    Random r = new Random(SEED + 100 + reader);
                    Map<String, Long> newestSeen = new HashMap<>();
                    while (!stop.get() && failure.get() == null) {
                        String key = "stable-" + r.nextInt(STABLE_KEYS);
                        Optional<Versioned> got = store.getVersioned(key);
                        Optional<Expected> expected = stable.get(key);
                        if (expected.isEmpty()) {
                            assertThat(got).as("deleted key %s", key).isEmpty();
                        } else {
                            assertThat(got).as("stable key %s", key).isPresent();
                            assertThat(got.get().value()).as("value of %s", key).isEqualTo(expected.get().value());
                            assertThat(got.get().version()).as("version of %s", key).isEqualTo(expected.get().version());
                        }
                        String churn = "w" + r.nextInt(WRITERS) + "-k" + r.nextInt(KEYS_PER_WRITER);
                        Optional<byte[]> value = store.get(churn);
                        if (value.isPresent()) {
                            long n = churnNumber(churn, value.get());
                            long before = newestSeen.getOrDefault(churn, -1L);
                            assertThat(n).as("%s went back from write %d to write %d", churn, before, n).isGreaterThanOrEqualTo(before);
                            newestSeen.put(churn, n);
                        }
                        reads.incrementAndGet();
                    }
                }), "reader-" + rd));
            }
            threads.forEach(Thread::start);
            try {
                for (int c = 0; c < COMPACTIONS && failure.get() == null; c++) {
                    long halfway = writes.get() + WRITES_PER_ROUND / 2;
                    writePermits.release(WRITES_PER_ROUND);
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                            .until(() -> writes.get() >= halfway || failure.get() != null);
                    store.compact(); // while the writers use the other half of the round's permits
                }
            } finally {
                stop.set(true);
                writePermits.release(WRITERS);
                for (Thread t : threads) {
                    t.join();
                }
            }
            if (failure.get() != null) {
                throw new AssertionError("a reader or writer failed while compaction ran", failure.get());
            }
            assertThat(store.stats().compactions()).as("compactions that did work").isGreaterThanOrEqualTo(COMPACTIONS);
            assertThat(reads.get()).as("reads made while compacting").isGreaterThan(1000);
            assertEqualsModel(store, model, "after the run");
        }
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            assertEqualsModel(store, model, "after reopening");
            store.compact();
            assertEqualsModel(store, model, "after compacting the reopened store");
        }
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            assertEqualsModel(store, model, "after reopening the compacted store");
        }
    }

    private static void assertEqualsModel(KeyValueStore store, Map<String, Optional<byte[]>> model, String when) {
        assertThat(WriteHistory.differences(store, model)).as("keys that differ from the model " + when).isEmpty();
        long present = model.values().stream().filter(Optional::isPresent).count();
        assertThat(store.stats().keys()).as("keys in the store " + when).isEqualTo(present);
    }

    /** A value that names its key and its write, so a reader can tell which write it sees. */
    private static byte[] churnValue(String key, long n) {
        StringBuilder sb = new StringBuilder(key).append('#').append(n).append('#');
        int length = 30 + (int) (n % 90);
        while (sb.length() < length) {
            sb.append((char) ('a' + (sb.length() + n) % 26));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The write number in a value from {@link #churnValue}; fails if the value is not one of the key's. */
    private static long churnNumber(String key, byte[] value) {
        String s = new String(value, StandardCharsets.UTF_8);
        String[] parts = s.split("#", 3);
        assertThat(parts).as("value of %s: %s", key, s).hasSize(3);
        assertThat(parts[0]).as("value read for %s belongs to another key", key).isEqualTo(key);
        long n = Long.parseLong(parts[1]);
        assertThat(value).as("value of %s, write %d, intact", key, n).isEqualTo(churnValue(key, n));
        return n;
    }

    private static Runnable guard(AtomicReference<Throwable> failure, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
    }
}
