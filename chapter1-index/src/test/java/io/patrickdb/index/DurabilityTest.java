package io.patrickdb.index;

import static io.patrickdb.index.StoreContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part 4: when a write counts as done, and how concurrent writers share an fsync. */
@Tag("chapter1.part4")
class DurabilityTest {
    @TempDir
    Path dir;

    LogStructuredStore open(Durability durability) {
        return LogStructuredStore.open(StoreOptions.in(dir).withDurability(durability));
    }

    @Test
    void withAlwaysEachWriteOfASingleWriterIsFsyncedBeforeItReturns() {
        try (LogStructuredStore store = open(Durability.ALWAYS)) {
            for (int i = 1; i <= 20; i++) {
                store.put("k" + i, bytes("v"));
                // One writer: nobody to share with, so the fsync that released it was its own.
                assertThat(store.stats().fsyncs()).isGreaterThanOrEqualTo(i);
            }
        }
    }

    @Test
    void withAlwaysAsyncWritesCompleteOnlyAfterAnFsyncCoversThem() {
        try (LogStructuredStore store = open(Durability.ALWAYS)) {
            List<CompletableFuture<Long>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(store.putAsync("k" + i, bytes("v"), null));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            // 200 writes queued at once are covered by far fewer fsyncs: group commit.
            assertThat(store.stats().fsyncs()).isBetween(1L, 199L);
        }
    }

    @Test
    void withAlwaysConcurrentWritersShareFsyncs() throws Exception {
        int writers = 32;
        int perWriter = 50;
        try (LogStructuredStore store = open(Durability.ALWAYS)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        store.put("w" + id + "-" + i, bytes("v"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            StoreStats stats = store.stats();
            assertThat(stats.writes()).isEqualTo(writers * perWriter);
            assertThat(stats.fsyncs()).isLessThan(stats.writes() / 2);
        }
    }

    @Test
    void withEverySecondWritesReturnAtOnceAndAreFsyncedWithinAboutASecond() {
        try (LogStructuredStore store = open(Durability.EVERY_SECOND)) {
            store.put("k", bytes("v"));
            assertThat(store.stats().fsyncs()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.stats().fsyncs() > 0);
        }
    }

    @Test
    void withNeverNoWriteWaitsForAnFsync() {
        try (LogStructuredStore store = open(Durability.NEVER)) {
            for (int i = 0; i < 1000; i++) {
                store.put("k" + i, bytes("v"));
            }
            assertThat(store.stats().fsyncs()).isZero();
        }
    }

    @Test
    void closeMakesEveryAcknowledgedWriteDurable() {
        try (LogStructuredStore store = open(Durability.NEVER)) {
            store.put("k", bytes("v"));
        }
        try (LogStructuredStore store = open(Durability.NEVER)) {
            assertThat(store.get("k")).isPresent();
        }
    }
}
