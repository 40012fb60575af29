package io.patrickdb.index;

import static io.patrickdb.index.StoreContract.bytes;
import static io.patrickdb.index.StoreContract.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Part 3: the log is the truth; reopening rebuilds the index from it, torn writes and all. */
@Tag("chapter1.part3")
class RecoveryTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock();

    StoreOptions options(IndexKind index) {
        return StoreOptions.in(dir).withIndex(index).withClock(clock).withDurability(Durability.NEVER);
    }

    List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Segment::isSegmentFile).sorted().toList();
        }
    }

    void deleteHints() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(DataDirectory.HINT_SUFFIX)).toList()) {
                Files.delete(p);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void reopenRestoresTheLatestValueOfEveryKey(IndexKind index) {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            store.put("a", bytes("1"));
            store.put("b", bytes("2"));
            store.put("a", bytes("3"));
            store.delete("b");
            store.put("c", bytes("4"));
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            assertThat(text(store.get("a"))).isEqualTo("3");
            assertThat(store.get("b")).isEmpty();
            assertThat(text(store.get("c"))).isEqualTo("4");
            assertThat(store.stats().keys()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void sequenceNumbersContinueAfterReopen(IndexKind index) {
        long last;
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            store.put("a", bytes("1"));
            last = store.put("a", bytes("2"));
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            assertThat(store.getVersioned("a")).get().extracting(Versioned::version).isEqualTo(last);
            assertThat(store.put("b", bytes("3"))).isEqualTo(last + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void valuesThatExpiredWhileClosedAreGoneAfterReopen(IndexKind index) {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            store.put("short", bytes("x"), Duration.ofMinutes(1));
            store.put("long", bytes("y"), Duration.ofHours(1));
        }
        clock.advance(Duration.ofMinutes(2));
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            assertThat(store.get("short")).isEmpty();
            assertThat(text(store.get("long"))).isEqualTo("y");
            assertThat(store.stats().keys()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aTornWriteAtTheEndIsCutOffAndReported(IndexKind index) throws IOException {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            store.put("kept", bytes("value"));
        }
        Path segment = segmentFiles().get(0);
        long goodSize = Files.size(segment);
        byte[] half = java.util.Arrays.copyOf(RecordFormat.encode(LogRecord.put(2, 0, "lost", bytes("never acknowledged"))), 20);
        Files.write(segment, half, StandardOpenOption.APPEND);
        deleteHints();

        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            assertThat(text(store.get("kept"))).isEqualTo("value");
            assertThat(store.get("lost")).isEmpty();
            assertThat(store.recoveryReport().cuts()).singleElement().satisfies(cut -> {
                assertThat(cut.tornWrite()).isTrue();
                assertThat(cut.file()).isEqualTo(segment);
                assertThat(cut.offset()).isEqualTo(goodSize);
                assertThat(cut.droppedBytes()).isEqualTo(20);
            });
        }
        assertThat(Files.size(segment)).isEqualTo(goodSize);
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aBadRecordBeforeTheEndRefusesToOpenAndNamesFileAndOffset(IndexKind index) throws IOException {
        long secondRecord = writeThreeRecords(index);
        Path segment = segmentFiles().get(0);
        flipByte(segment, secondRecord + RecordFormat.HEADER_SIZE + 1);
        deleteHints();

        assertThatThrownBy(() -> LogStructuredStore.open(options(index)))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file()).isEqualTo(segment);
                    assertThat(e.offset()).isEqualTo(secondRecord);
                })
                .hasMessageContaining(segment.toString()).hasMessageContaining("offset " + secondRecord).hasMessageContaining("checksum");
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void repairCutsACorruptSegmentAndKeepsWhatCameBefore(IndexKind index) throws IOException {
        long secondRecord = writeThreeRecords(index);
        Path segment = segmentFiles().get(0);
        flipByte(segment, secondRecord + 5);
        deleteHints();

        try (LogStructuredStore store = LogStructuredStore.open(options(index).withRepair(true))) {
            assertThat(text(store.get("first"))).isEqualTo("1");
            assertThat(store.get("second")).isEmpty();
            assertThat(store.recoveryReport().cuts()).singleElement().satisfies(cut -> {
                assertThat(cut.tornWrite()).isFalse();
                assertThat(cut.offset()).isEqualTo(secondRecord);
            });
            store.put("after", bytes("repair"));
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            assertThat(text(store.get("after"))).isEqualTo("repair");
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void leftoverTemporaryFilesAreRemovedOnOpen(IndexKind index) throws IOException {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            store.put("a", bytes("1"));
        }
        Path uncommitted = CompactionManifest.outputPath(dir, 99);
        Files.write(uncommitted, RecordFormat.encode(LogRecord.put(1, 0, "a", bytes("stale copy"))));
        Files.write(dir.resolve("0000000001.hint.tmp"), new byte[] {1, 2, 3});
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            assertThat(text(store.get("a"))).isEqualTo("1");
        }
        assertThat(uncommitted).doesNotExist();
        assertThat(dir.resolve("0000000001.hint.tmp")).doesNotExist();
    }

    /** Writes keys first, second and third; returns the offset of the second record. */
    long writeThreeRecords(IndexKind index) {
        try (LogStructuredStore store = LogStructuredStore.open(options(index))) {
            store.put("first", bytes("1"));
            long secondRecord = store.stats().diskBytes();
            store.put("second", bytes("2"));
            store.put("third", bytes("3"));
            return secondRecord;
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        all[(int) offset] ^= 0x5a;
        Files.write(file, all);
    }
}
