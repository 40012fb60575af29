package io.patrickdb.index;

import static io.patrickdb.index.StoreContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store's log as a stream, the seams chapter 3's replication is built on: a cursor from a
 * sequence number on, applying another store's records, the compaction floor that keeps deletes
 * for a follower that is behind, fuzzy snapshots, and reset.
 */
@Tag("chapter1.log-stream")
class LogStreamTest {
    private static final int SEGMENT = 4096;
    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    StoreOptions options(Path in, IndexKind index) {
        return StoreOptions.in(in).withIndex(index).withClock(clock).withDurability(Durability.NEVER)
                .withSegmentBytes(SEGMENT).withCompactionThreshold(1.0);
    }

    LogStructuredStore open(String name, IndexKind index) {
        return LogStructuredStore.open(options(dir.resolve(name), index));
    }

    static List<LogRecord> readAll(LogCursor cursor) {
        List<LogRecord> all = new ArrayList<>();
        for (List<LogRecord> batch; !(batch = cursor.next(1000)).isEmpty(); ) {
            all.addAll(batch);
        }
        return all;
    }

    /** Applies everything the cursor has now to {@code follower}; returns how many records. */
    static int replicate(LogCursor cursor, LogStructuredStore follower) {
        List<LogRecord> records = readAll(cursor);
        records.forEach(r -> follower.applyReplicated(r).join());
        return records.size();
    }

    /** Every key's value, version and expiry, for comparing two stores. */
    static List<String> contents(LogStructuredStore store, Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            store.getVersioned(key).ifPresent(v -> out.add(key + "=" + new String(v.value()) + "@" + v.version() + "/" + v.expiresAt()));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aCursorReadsEveryRecordAfterItsPositionInOrderAcrossSegments(IndexKind index) {
        try (LogStructuredStore store = open("leader", index)) {
            for (int i = 1; i <= 300; i++) {
                store.put("key" + (i % 50), bytes("value-" + i + "-" + "x".repeat(40)));
                if (i % 7 == 0) {
                    store.delete("key" + (i % 50));
                }
            }
            assertThat(store.stats().segments()).isGreaterThan(5);
            long last = store.stats().lastSequence();
            List<LogRecord> all = readAll(store.readLog(0));
            assertThat(all).extracting(LogRecord::sequence).containsExactlyElementsOf(range(1, last));
            assertThat(all).filteredOn(r -> r.type() == RecordType.TOMBSTONE).hasSize(300 / 7);

            List<LogRecord> tail = readAll(store.readLog(200));
            assertThat(tail).extracting(LogRecord::sequence).containsExactlyElementsOf(range(201, last));
            assertThat(tail).isEqualTo(all.subList(200, all.size()));
        }
    }

    @Test
    void aCursorReturnsARecordThatIsStillInTheAppendBufferAndThenNothingUntilTheNextWrite() {
        try (LogStructuredStore store = open("leader", IndexKind.HASH_MAP)) {
            LogCursor cursor = store.readLog(0);
            assertThat(cursor.next(1000)).isEmpty();
            long v = store.put("a", bytes("one"));
            assertThat(cursor.next(1000)).containsExactly(LogRecord.put(v, 0, "a", bytes("one")));
            assertThat(cursor.next(1000)).isEmpty();
            assertThat(cursor.position()).isEqualTo(v);
        }
    }

    @Test
    void awaitSequenceAboveCompletesWhenAWriteArrivesAndAtOnceIfOneAlreadyHas() {
        try (LogStructuredStore store = open("leader", IndexKind.HASH_MAP)) {
            CompletableFuture<Void> waiting = store.awaitSequenceAbove(0);
            assertThat(waiting).isNotDone();
            store.put("a", bytes("one"));
            assertThat(waiting).isDone();
            assertThat(store.awaitSequenceAbove(0)).isDone();
            assertThat(store.awaitSequenceAbove(1)).isNotDone();
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void anAppliedRecordKeepsTheLeadersVersionAndExpiryDurablyAndApplyingItTwiceChangesNothing(IndexKind index) {
        long expiresAt = clock.millis() + 60_000;
        try (LogStructuredStore follower = open("follower", index)) {
            follower.applyReplicated(LogRecord.put(5, 0, "a", bytes("one"))).join();
            follower.applyReplicated(LogRecord.put(9, expiresAt, "b", bytes("two"))).join();
            follower.applyReplicated(LogRecord.put(5, 0, "a", bytes("stale duplicate"))).join();
            follower.applyReplicated(LogRecord.tombstone(12, "missing")).join();
            assertThat(follower.stats().lastSequence()).isEqualTo(12);
        }
        try (LogStructuredStore reopened = open("follower", index)) {
            assertThat(reopened.getVersioned("a")).hasValueSatisfying(v -> {
                assertThat(v.value()).isEqualTo(bytes("one"));
                assertThat(v.version()).isEqualTo(5);
            });
            assertThat(reopened.getVersioned("b")).hasValueSatisfying(v -> assertThat(v.expiresAt()).isEqualTo(expiresAt));
            assertThat(reopened.stats().lastSequence()).as("the tombstone of a key it never had still moves the offset").isEqualTo(12);
            assertThat(reopened.put("c", bytes("new"))).as("its own writes continue after the leader's").isEqualTo(13);
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aFollowerBehindTheFloorStillSeesADeleteAfterCompaction(IndexKind index) {
        try (LogStructuredStore leader = open("leader", index); LogStructuredStore follower = open("follower", index)) {
            Set<String> keys = new TreeSet<>();
            for (int i = 0; i < 100; i++) {
                keys.add("key" + i);
                leader.put("key" + i, bytes("value-" + i + "-" + "x".repeat(40)));
            }
            LogCursor cursor = leader.readLog(0);
            replicate(cursor, follower);
            long followerAt = follower.stats().lastSequence();
            leader.compactionFloor(() -> followerAt); // the follower goes away here, and the leader goes on
            for (int i = 0; i < 100; i += 2) {
                leader.delete("key" + i);
            }
            for (int i = 0; i < 300; i++) {
                leader.put("key" + (i % 10 + 1), bytes("overwritten-" + i + "-" + "x".repeat(40))); // fills segments
            }
            leader.compact();
            assertThat(leader.compactedThrough()).isLessThanOrEqualTo(followerAt);

            replicate(leader.readLog(followerAt), follower); // a new cursor: the old one's segments are gone
            assertThat(contents(follower, keys)).isEqualTo(contents(leader, keys));
            assertThat(follower.get("key0")).isEmpty();
        }
    }

    @Test
    void withoutAFloorCompactionDropsTombstonesAndACursorFromBeforeThemIsRefusedAlsoAfterARestart() {
        long before;
        try (LogStructuredStore leader = open("leader", IndexKind.HASH_MAP)) {
            for (int i = 0; i < 200; i++) {
                leader.put("key" + i, bytes("value-" + i + "-" + "x".repeat(40)));
            }
            before = leader.stats().lastSequence();
            for (int i = 0; i < 200; i++) {
                leader.delete("key" + i);
            }
            leader.put("last", bytes("x".repeat(SEGMENT / 2))); // seals the tombstones' segment
            leader.put("last", bytes("y".repeat(SEGMENT / 2)));
            leader.compact();
            assertThat(leader.compactedThrough()).isGreaterThan(before);
            assertThatThrownBy(() -> leader.readLog(before)).isInstanceOf(LogTruncatedException.class)
                    .hasMessageContaining("compacted through");
        }
        try (LogStructuredStore reopened = open("leader", IndexKind.HASH_MAP)) {
            assertThatThrownBy(() -> reopened.readLog(before)).isInstanceOf(LogTruncatedException.class);
            reopened.readLog(reopened.compactedThrough()); // from the horizon on, it reads
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aSnapshotAndTheLogAfterItRebuildTheStoreWhileWritesGoOn(IndexKind index) throws Exception {
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < 60; i++) {
            keys.add("key" + i);
        }
        try (LogStructuredStore leader = open("leader", index); LogStructuredStore follower = open("follower", index)) {
            for (int i = 0; i < 600; i++) {
                leader.put("key" + (i % 60), bytes("v" + i + "-" + "x".repeat(30)));
            }
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                Future<?> writes = writer.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        String key = "key" + (i % 60);
                        if (i % 5 == 0) {
                            leader.delete(key);
                        } else {
                            leader.put(key, bytes("w" + i + "-" + "x".repeat(30)));
                        }
                    }
                });
                long sequence;
                try (Snapshot snapshot = leader.snapshot()) {
                    sequence = snapshot.sequence();
                    long previous = 0;
                    for (List<LogRecord> batch; !(batch = snapshot.next(512)).isEmpty(); ) {
                        for (LogRecord r : batch) {
                            assertThat(r.sequence()).isGreaterThan(previous).isLessThanOrEqualTo(sequence);
                            previous = r.sequence();
                            follower.applyReplicated(r).join();
                        }
                    }
                    assertThat(previous).as("the snapshot ends with its own sequence's record").isEqualTo(sequence);
                }
                writes.get();
                replicate(leader.readLog(sequence), follower);
            } finally {
                writer.shutdownNow();
            }
            assertThat(contents(follower, keys)).isEqualTo(contents(leader, keys)).isNotEmpty();
        }
    }

    @Test
    void aSnapshotReadsACompactedLogThatACursorFromTheStartMayNotRead() {
        Set<String> keys = new TreeSet<>();
        try (LogStructuredStore leader = open("leader", IndexKind.HASH_MAP); LogStructuredStore follower = open("follower", IndexKind.HASH_MAP)) {
            for (int i = 0; i < 400; i++) {
                keys.add("key" + (i % 40));
                leader.put("key" + (i % 40), bytes("value-" + i + "-" + "x".repeat(40)));
            }
            leader.delete("key3");
            leader.compact();
            assertThat(leader.compactedThrough()).isPositive();
            assertThatThrownBy(() -> leader.readLog(0)).isInstanceOf(LogTruncatedException.class);
            try (Snapshot snapshot = leader.snapshot()) {
                for (List<LogRecord> batch; !(batch = snapshot.next(4096)).isEmpty(); ) {
                    batch.forEach(r -> follower.applyReplicated(r).join());
                }
            }
            assertThat(contents(follower, keys)).isEqualTo(contents(leader, keys)).hasSize(39);
        }
    }

    @Test
    void compactionWaitsWhileASnapshotIsOpen() {
        try (LogStructuredStore store = open("leader", IndexKind.HASH_MAP)) {
            for (int i = 0; i < 300; i++) {
                store.put("key", bytes("value-" + i + "-" + "x".repeat(40)));
            }
            int segments = store.stats().segments();
            try (Snapshot snapshot = store.snapshot()) {
                store.compact();
                assertThat(store.stats().segments()).isEqualTo(segments);
                assertThat(snapshot.next(1 << 20)).extracting(LogRecord::sequence).containsExactly(300L);
            }
            store.compact();
            assertThat(store.stats().segments()).isLessThan(segments);
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void resetEmptiesTheStoreDurablyAndItsSequenceStartsOver(IndexKind index) {
        try (LogStructuredStore store = open("follower", index)) {
            for (int i = 0; i < 300; i++) {
                store.put("key" + i, bytes("value-" + i + "-" + "x".repeat(40)));
            }
            store.reset();
            assertThat(store.get("key1")).isEmpty();
            assertThat(store.stats().keys()).isZero();
            assertThat(store.stats().lastSequence()).isZero();
            store.applyReplicated(LogRecord.put(1, 0, "fresh", bytes("start"))).join();
        }
        try (LogStructuredStore reopened = open("follower", index)) {
            assertThat(reopened.stats().keys()).isEqualTo(1);
            assertThat(reopened.get("key1")).isEmpty();
            assertThat(reopened.get("fresh")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("start")));
        }
    }

    @Test
    void anExpiredValueAboveTheFloorIsKeptSoAFollowerSeesTheOlderValueReplaced() {
        try (LogStructuredStore leader = open("leader", IndexKind.HASH_MAP); LogStructuredStore follower = open("follower", IndexKind.HASH_MAP)) {
            leader.put("k", bytes("old"));
            replicate(leader.readLog(0), follower);
            long followerAt = follower.stats().lastSequence();
            leader.compactionFloor(() -> followerAt);
            leader.put("k", bytes("short-lived"), Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(2));
            assertThat(leader.get("k")).isEmpty(); // read: the leader forgets the expired value
            for (int i = 0; i < 200; i++) {
                leader.put("filler" + (i % 5), bytes("x".repeat(60)));
            }
            leader.compact();
            replicate(leader.readLog(followerAt), follower);
            assertThat(follower.get("k")).isEmpty();
        }
    }

    static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
