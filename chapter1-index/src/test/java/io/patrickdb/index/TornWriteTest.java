package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash in the middle of an append leaves the log's last record cut short. Reopening must keep
 * every record before it, drop it, report the cut at the record's first byte, and cut the file
 * there, wherever the tear is. The last segment's hint file (written when the store closed) still
 * describes the whole segment: recovery must notice it no longer fits and read the segment.
 */
@Tag("chapter1.part3")
class TornWriteTest {

    /** Seeds the writes and the random tear points; a failure message names it. */
    private static final long SEED = 0x7e4a11L;
    private static final int WRITES = 150;
    private static final int KEYS = 15;
    private static final int MAX_VALUE = 80;
    private static final int RANDOM_TEARS = 40;

    @TempDir
    Path tmp;

    private static StoreOptions options(Path dir, IndexKind kind) {
        return StoreOptions.in(dir).withIndex(kind).withSegmentBytes(4096).withCompactionThreshold(1.0);
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aLastRecordTornAtAnyByteIsCutAtItsStartAndEverythingBeforeItSurvives(IndexKind kind) throws IOException {
        Path original = tmp.resolve("original");
        WriteHistory history = WriteHistory.write(options(original, kind), SEED, WRITES, KEYS, MAX_VALUE);
        List<LogFiles.RecordAt> records = history.records(original);
        List<Path> segments = LogFiles.segments(original);
        assertThat(segments).as("several segments").hasSizeGreaterThan(2);
        LogFiles.RecordAt last = records.get(records.size() - 1);
        assertThat(last.file()).isEqualTo(segments.get(segments.size() - 1));
        assertThat(last.size()).as("last record spans header, key and value").isGreaterThan(RecordFormat.HEADER_SIZE + 10);

        for (long length = last.offset() + 1; length < last.end(); length++) {
            tearAndReopen(kind, original, history, records, length, "every byte of the last record");
        }
        // A crash just before the append started: a clean end, nothing to cut.
        tearAndReopen(kind, original, history, records, last.offset(), "at the last record's first byte");
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aLogTornAnywhereInItsLastSegmentKeepsEveryWholeRecordBeforeTheTear(IndexKind kind) throws IOException {
        Path original = tmp.resolve("original");
        WriteHistory history = WriteHistory.write(options(original, kind), SEED + 1, WRITES, KEYS, MAX_VALUE);
        List<LogFiles.RecordAt> records = history.records(original);
        List<Path> segments = LogFiles.segments(original);
        long size = Files.size(segments.get(segments.size() - 1));
        Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_TEARS; i++) {
            long length = 1 + (long) random.nextInt((int) size - 1);
            tearAndReopen(kind, original, history, records, length, "random tear " + i + " of Random(" + SEED + ")");
        }
    }

    @Test
    void aCutIsMadeOnceAndTheStoreWritesOnAfterIt() throws IOException {
        Path dir = tmp.resolve("store");
        WriteHistory history = WriteHistory.write(options(dir, IndexKind.KEY_DIRECTORY), SEED, WRITES, KEYS, MAX_VALUE);
        List<LogFiles.RecordAt> records = history.records(dir);
        LogFiles.RecordAt last = records.get(records.size() - 1);
        LogFiles.truncate(last.file(), last.offset() + RecordFormat.HEADER_SIZE + 1);

        try (LogStructuredStore store = LogStructuredStore.open(options(dir, IndexKind.KEY_DIRECTORY))) {
            assertThat(store.recoveryReport().cuts()).hasSize(1);
            assertThat(store.stats().lastSequence()).as("the torn write's sequence number is free again").isEqualTo(WRITES - 1);
            assertThat(store.put(last.record().key(), bytes("rewritten"))).isEqualTo(WRITES);
            store.put("after-the-tear", bytes("fresh"));
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(dir, IndexKind.KEY_DIRECTORY))) {
            assertThat(store.recoveryReport().cuts()).as("nothing left to cut").isEmpty();
            assertThat(store.get(last.record().key())).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("rewritten"));
            assertThat(store.get("after-the-tear")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("fresh"));
            assertThat(Files.size(last.file())).isEqualTo(last.offset());
        }
    }

    /**
     * Copies the store, cuts its last segment to {@code length} bytes, reopens it and checks that
     * exactly the whole records before the cut survived.
     */
    private void tearAndReopen(IndexKind kind, Path original, WriteHistory history, List<LogFiles.RecordAt> records,
                               long length, String which) throws IOException {
        Path dir = LogFiles.copyStore(original, tmp.resolve("torn"));
        try {
            Path lastSegment = dir.resolve(records.get(records.size() - 1).file().getFileName());
            LogFiles.truncate(lastSegment, length);
            // The first record that is not whole any more; it and everything after it are gone.
            int firstLost = 0;
            while (firstLost < records.size()
                    && !(records.get(firstLost).file().getFileName().equals(lastSegment.getFileName()) && records.get(firstLost).end() > length)) {
                firstLost++;
            }
            LogFiles.RecordAt torn = records.get(firstLost);
            boolean cleanEnd = torn.offset() == length;
            String context = String.format("%s, %s: last segment cut to %d bytes, inside the record at offset %d (%d bytes), seed %d",
                    kind, which, length, torn.offset(), torn.size(), SEED);

            try (LogStructuredStore store = LogStructuredStore.open(options(dir, kind))) {
                List<RecoveryReport.Cut> cuts = store.recoveryReport().cuts();
                if (cleanEnd) {
                    assertThat(cuts).as(context).isEmpty();
                } else {
                    assertThat(cuts).as(context).hasSize(1);
                    RecoveryReport.Cut cut = cuts.get(0);
                    assertThat(cut.file().getFileName()).as(context).isEqualTo(lastSegment.getFileName());
                    assertThat(cut.offset()).as(context).isEqualTo(torn.offset());
                    assertThat(cut.droppedBytes()).as(context).isEqualTo(length - torn.offset());
                    assertThat(cut.tornWrite()).as(context).isTrue();
                }
                assertThat(Files.size(lastSegment)).as("file cut at the torn record; " + context).isEqualTo(torn.offset());
                assertThat(WriteHistory.differences(store, history.stateAfter(firstLost))).as(context).isEmpty();
                assertThat(store.stats().lastSequence()).as(context).isEqualTo(firstLost);
            }
        } finally {
            LogFiles.deleteTree(dir);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
