package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecordLog}, the index-free log that chapter 3's Raft log is made of: what is forced is
 * there after a reopen, a cut tail stays cut, dropped heads stay dropped, and damage is told
 * apart from a torn append as in the store.
 */
@Tag("chapter1.log-stream")
class RecordLogTest {
    private static final long SMALL_SEGMENTS = 4 * 1024;

    @TempDir
    Path dir;

    @Test
    void forcedRecordsAreThereAfterReopenAcrossSegments() {
        try (RecordLog log = open(0, new ArrayList<>())) {
            appendRange(log, 1, 500);
            assertThat(log.segmentCount()).isGreaterThan(3);
        }
        List<LogRecord> back = new ArrayList<>();
        try (RecordLog log = open(0, back)) {
            assertThat(sequences(back)).containsExactlyElementsOf(range(1, 500));
            assertThat(back.get(41)).isEqualTo(record(42));
            assertThat(log.firstSequence()).isEqualTo(1);
            assertThat(log.lastSequence()).isEqualTo(500);
            log.append(record(501));
        }
        assertThat(sequences(reopen())).endsWith(500L, 501L);
    }

    @Test
    void truncateAfterRemovesTheTailDurablyAndAppendsContinueFromTheCut() {
        try (RecordLog log = open(0, new ArrayList<>())) {
            appendRange(log, 1, 500);
            log.truncateAfter(123);
            assertThat(log.lastSequence()).isEqualTo(123);
            log.append(new LogRecord(RecordType.PUT, 124, 0, "other", new byte[] {9}));
        }
        List<LogRecord> back = reopen();
        assertThat(sequences(back)).containsExactlyElementsOf(range(1, 124));
        assertThat(back.get(123).key()).isEqualTo("other");
    }

    @Test
    void truncatingEverythingLeavesAnEmptyLogThatStartsAgainAfterTheCut() {
        try (RecordLog log = open(10, new ArrayList<>())) {
            appendRange(log, 11, 40);
            log.truncateAfter(10);
            assertThat(log.lastSequence()).isEqualTo(10);
            assertThat(log.firstSequence()).isEqualTo(11);
            log.append(record(11));
        }
        assertThat(sequences(reopen())).containsExactly(11L);
    }

    @Test
    void dropThroughDeletesOnlyWholeSegmentsThatASnapshotCovers() {
        try (RecordLog log = open(0, new ArrayList<>())) {
            appendRange(log, 1, 500);
            int before = log.segmentCount();
            log.dropThrough(250);
            assertThat(log.segmentCount()).isLessThan(before);
            assertThat(log.firstSequence()).isBetween(2L, 251L);
        }
        List<LogRecord> back = reopen();
        assertThat(back.get(0).sequence()).isBetween(2L, 251L);
        assertThat(back.get(back.size() - 1).sequence()).isEqualTo(500);
    }

    @Test
    void resetAfterStartsAnEmptyLogAtANewPlace() {
        try (RecordLog log = open(0, new ArrayList<>())) {
            appendRange(log, 1, 100);
            log.resetAfter(1000);
            log.append(record(1001));
            assertThatThrownBy(() -> log.append(record(5))).isInstanceOf(IllegalArgumentException.class);
        }
        List<LogRecord> back = new ArrayList<>();
        try (RecordLog log = open(0, back)) {
            assertThat(sequences(back)).containsExactly(1001L);
            assertThat(log.firstSequence()).isEqualTo(1001);
        }
    }

    @Test
    void aTornRecordAtTheEndIsCutOff() throws IOException {
        try (RecordLog log = open(0, new ArrayList<>())) {
            appendRange(log, 1, 20);
        }
        Path last = lastSegmentWithRecords();
        long size = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3); // the last append was interrupted
        }
        assertThat(sequences(reopen())).containsExactlyElementsOf(range(1, 19));
    }

    @Test
    void aDamagedRecordBeforeGoodOnesRefusesToOpen() throws IOException {
        try (RecordLog log = open(0, new ArrayList<>())) {
            appendRange(log, 1, 20);
        }
        Path last = lastSegmentWithRecords();
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x55}), RecordFormat.HEADER_SIZE + 2); // inside record 1's key
        }
        assertThatThrownBy(this::reopen).isInstanceOf(CorruptLogException.class).hasMessageContaining("checksum");
    }

    @Test
    void aGapInTheSequenceIsCorruption() {
        try (RecordLog log = open(0, new ArrayList<>())) {
            appendRange(log, 1, 5);
            assertThatThrownBy(() -> log.append(record(7))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not follow 5");
        }
    }

    private RecordLog open(long startAfter, List<LogRecord> into) {
        return RecordLog.open(dir, SMALL_SEGMENTS, Limits.DEFAULT_MAX_VALUE_BYTES, startAfter, into::add);
    }

    private List<LogRecord> reopen() {
        List<LogRecord> back = new ArrayList<>();
        open(0, back).close();
        return back;
    }

    private Path lastSegmentWithRecords() throws IOException {
        List<Path> segments = LogFiles.segments(dir);
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (Files.size(segments.get(i)) > 0) {
                return segments.get(i);
            }
        }
        throw new AssertionError("no segment has records");
    }

    private static void appendRange(RecordLog log, long from, long to) {
        for (long s = from; s <= to; s++) {
            log.append(record(s));
        }
        log.force();
    }

    private static LogRecord record(long sequence) {
        return LogRecord.put(sequence, 0, "entry", ("value-" + sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<Long> sequences(List<LogRecord> records) {
        return records.stream().map(LogRecord::sequence).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
