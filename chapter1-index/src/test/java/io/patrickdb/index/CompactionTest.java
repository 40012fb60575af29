package io.patrickdb.index;

import static io.patrickdb.index.StoreContract.bytes;
import static io.patrickdb.index.StoreContract.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Part 6: segments, compaction and hint files. */
@Tag("chapter1.part6")
class CompactionTest {
    private static final int SEGMENT = 4096;
    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    StoreOptions options(IndexKind index) {
        return StoreOptions.in(dir).withIndex(index).withClock(clock).withDurability(Durability.NEVER)
                .withSegmentBytes(SEGMENT).withCompactionThreshold(1.0); // only when asked, unless a test says so
    }

    long count(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    static String value(int i, int round) {
        return "value-" + i + "-round-" + round + "-" + "x".repeat(40);
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void segmentsRollBeforeTheyPassTheSizeLimit(IndexKind index) throws IOException {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int i = 0; i < 300; i++) {
                store.put("key" + i, bytes(value(i, 0)));
            }
            assertThat(store.stats().segments()).isGreaterThan(5);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(Segment::isSegmentFile)).allSatisfy(p -> assertThat(Files.size(p)).isLessThanOrEqualTo(SEGMENT));
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void compactionDropsOverwrittenDeletedAndExpiredRecordsAndKeepsTheRest(IndexKind index) {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 100; i++) {
                    store.put("key" + i, bytes(value(i, round)));
                }
            }
            for (int i = 0; i < 10; i++) {
                store.delete("key" + i);
            }
            for (int i = 10; i < 20; i++) {
                store.put("key" + i, bytes(value(i, 99)), Duration.ofSeconds(1));
            }
            clock.advance(Duration.ofSeconds(2));
            long before = store.stats().diskBytes();

            store.compact();

            StoreStats after = store.stats();
            assertThat(after.compactions()).isEqualTo(1);
            assertThat(after.diskBytes()).isLessThan(before / 3);
            for (int i = 0; i < 100; i++) {
                String expected = i < 20 ? null : value(i, 4);
                assertThat(text(store.get("key" + i))).as("key%d", i).isEqualTo(expected);
            }
            assertThat(store.stats().keys()).isEqualTo(80); // reads have noticed every expired key
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void deletedKeysStayDeletedAfterCompactionAndReopen(IndexKind index) {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int i = 0; i < 100; i++) {
                store.put("key" + i, bytes(value(i, 0)));
            }
            for (int i = 0; i < 100; i += 2) {
                store.delete("key" + i);
            }
            for (int i = 0; i < 100; i++) { // push the tombstones into sealed segments
                store.put("filler" + i, bytes(value(i, 1)));
            }
            store.compact();
            store.compact(); // a second pass over the first one's output
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int i = 0; i < 100; i++) {
                assertThat(store.get("key" + i).isPresent()).as("key%d", i).isEqualTo(i % 2 == 1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void compactionStartsByItselfWhenDeadDataPassesTheThreshold(IndexKind index) {
        try (LogStructuredStore store = LogStructuredStore.open(options(index).withCompactionThreshold(0.5))) {
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 50; i++) {
                    store.put("key" + i, bytes(value(i, round)));
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> store.stats().compactions() > 0);
            for (int i = 0; i < 50; i++) {
                assertThat(text(store.get("key" + i))).isEqualTo(value(i, 9));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void compactionLeavesNoTemporaryFilesOrOldSegments(IndexKind index) throws IOException {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 100; i++) {
                    store.put("key" + i, bytes(value(i, round)));
                }
            }
            int segmentsBefore = store.stats().segments();
            store.compact();
            assertThat(store.stats().segments()).isLessThan(segmentsBefore);
            assertThat(count(".log")).isEqualTo(store.stats().segments());
        }
        assertThat(count(DataDirectory.COMPACTION_OUTPUT_SUFFIX)).isZero();
        assertThat(dir.resolve(DataDirectory.COMPACTION_MANIFEST)).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void everySealedSegmentGetsAHintFile(IndexKind index) throws IOException {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int i = 0; i < 300; i++) {
                store.put("key" + i, bytes(value(i, 0)));
            }
        }
        assertThat(count(DataDirectory.HINT_SUFFIX)).isEqualTo(count(DataDirectory.SEGMENT_SUFFIX));
    }

    @ParameterizedTest
    @EnumSource(value = IndexKind.class, names = "KEY_DIRECTORY")
    void theKeyDirectoryReopensFromHintFilesWithoutReadingValues(IndexKind index) {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int i = 0; i < 300; i++) {
                store.put("key" + i, bytes(value(i, 0)));
            }
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            RecoveryReport report = store.recoveryReport();
            assertThat(report.segmentsFromHints()).isEqualTo(report.segments()).isGreaterThan(5);
            assertThat(text(store.get("key123"))).isEqualTo(value(123, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = IndexKind.class, names = "KEY_DIRECTORY")
    void aHintFileThatDoesNotMatchItsSegmentIsIgnored(IndexKind index) throws IOException {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            for (int i = 0; i < 100; i++) {
                store.put("key" + i, bytes(value(i, 0)));
            }
        }
        try (Stream<Path> hints = Files.list(dir)) {
            for (Path hint : hints.filter(p -> p.toString().endsWith(DataDirectory.HINT_SUFFIX)).toList()) {
                RecoveryTest.flipByte(hint, 3); // checksum no longer matches
            }
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            assertThat(store.recoveryReport().segmentsFromHints()).isZero();
            for (int i = 0; i < 100; i++) {
                assertThat(text(store.get("key" + i))).isEqualTo(value(i, 0));
            }
        }
    }
}
