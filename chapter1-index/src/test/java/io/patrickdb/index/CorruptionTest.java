package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A byte of the log goes bad on disk. A checksum catches every single-byte change, so reopening
 * must either refuse, naming the file and the offset of the record that holds the bad byte, or,
 * only when that record is the very last one of the log (where a crash leaves a torn append),
 * cut it off and report the cut. It must never open quietly and serve a wrong value.
 */
@Tag("chapter1.part3")
class CorruptionTest {

    /** Seeds the writes and the sampled offsets; failure messages name it. */
    private static final long SEED = 0xc0ffeeL;
    private static final int SEGMENT_BYTES = 4096;

    @TempDir
    Path tmp;

    private static StoreOptions options(Path dir, IndexKind kind) {
        return StoreOptions.in(dir).withIndex(kind).withSegmentBytes(SEGMENT_BYTES).withCompactionThreshold(1.0);
    }

    /** A store on disk with a known history, and its records in log order. */
    private record Fixture(Path dir, WriteHistory history, List<LogFiles.RecordAt> records) {
        LogFiles.RecordAt recordAt(Path segmentName, long offset) {
            return records.stream()
                    .filter(r -> r.file().getFileName().equals(segmentName.getFileName()) && r.contains(offset))
                    .findFirst().orElseThrow();
        }

        int indexOf(LogFiles.RecordAt r) {
            return records.indexOf(r);
        }

        boolean isLastOfLog(LogFiles.RecordAt r) {
            return indexOf(r) == records.size() - 1;
        }

        List<Path> segments() throws IOException {
            return LogFiles.segments(dir);
        }
    }

    private Fixture fixture(IndexKind kind, String name, int writes, int keys, int maxValue) throws IOException {
        Path dir = tmp.resolve(name);
        WriteHistory history = WriteHistory.write(options(dir, kind), SEED, writes, keys, maxValue);
        return new Fixture(dir, history, history.records(dir));
    }

    // ---- every byte, and a sample of a larger log -----------------------------------------

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void everySingleByteFlipInASmallLogIsRefusedAtItsRecordOrCutAsATornLastRecord(IndexKind kind) throws IOException {
        Fixture f = fixture(kind, "small", 10, 4, 12);
        List<Path> segments = f.segments();
        assertThat(segments).hasSize(1);
        long size = Files.size(segments.get(0));
        for (long offset = 0; offset < size; offset++) {
            assertDamageRefusedOrCut(kind, f, segments.get(0), offset, "every byte of a one-segment log");
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void sampledByteFlipsInALogOfSeveralSegmentsAreRefusedAtTheirRecordOrCutAsATornLastRecord(IndexKind kind) throws IOException {
        Fixture f = fixture(kind, "large", 150, 15, 80);
        List<Path> segments = f.segments();
        assertThat(segments).hasSizeGreaterThan(2);
        for (long[] target : sample(f, 120)) {
            assertDamageRefusedOrCut(kind, f, segments.get((int) target[0]), target[1], "sampled with Random(" + SEED + ")");
        }
    }

    /**
     * With hint files in place the key directory reads a segment's hint instead of the segment, so
     * damage in the segment may go unseen until the damaged record is read; then the read must
     * fail. No read may return a wrong value. (The sample includes the header of each segment's
     * first record, whose sequence number orders the segments for replay.)
     */
    @Test
    void withHintFilesTheKeyDirectoryNeverServesAWrongValueFromADamagedLog() throws IOException {
        Fixture f = fixture(IndexKind.KEY_DIRECTORY, "hinted", 150, 15, 80);
        List<Path> segments = f.segments();
        writeMissingHints(f.dir);
        for (long[] target : sample(f, 80)) {
            Path segment = segments.get((int) target[0]);
            long offset = target[1];
            LogFiles.RecordAt damaged = f.recordAt(segment, offset);
            String context = context(IndexKind.KEY_DIRECTORY, segment, offset, damaged, "hint files kept, Random(" + SEED + ")");
            Path dir = LogFiles.copyStore(f.dir, tmp.resolve("trial"));
            try {
                LogFiles.flipByte(dir.resolve(segment.getFileName()), offset);
                Throwable refused = catchThrowable(() -> {
                    try (LogStructuredStore store = LogStructuredStore.open(options(dir, IndexKind.KEY_DIRECTORY))) {
                        Map<String, Optional<byte[]>> expected = f.history.stateAfter(f.records.size());
                        if (!store.recoveryReport().cuts().isEmpty()) {
                            assertThat(f.isLastOfLog(damaged)).as("only the last record may be cut; " + context).isTrue();
                            expected = f.history.stateAfter(f.indexOf(damaged));
                        }
                        assertReadsAreRightOrFail(store, expected, damaged, context);
                    }
                });
                if (refused != null && !(refused instanceof AssertionError)) {
                    assertThat(refused).as(context).isInstanceOf(CorruptLogException.class);
                    assertNamesRecord((CorruptLogException) refused, segment, damaged, context);
                } else if (refused != null) {
                    throw (AssertionError) refused;
                }
            } finally {
                LogFiles.deleteTree(dir);
            }
        }
    }

    // ---- sealed segments ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aChecksumFailureInASealedSegmentIsReportedWithThatSegmentsFileNameAndOffset(IndexKind kind) throws IOException {
        Fixture f = fixture(kind, "sealed", 150, 15, 80);
        Path first = f.segments().get(0);
        List<LogFiles.RecordAt> inFirst = LogFiles.records(first);
        LogFiles.RecordAt middle = inFirst.get(inFirst.size() / 2);
        // A value byte: only the checksum can tell it changed.
        LogFiles.flipByte(first, middle.end() - 1);
        deleteHints(f.dir);

        assertThatThrownBy(() -> LogStructuredStore.open(options(f.dir, kind)))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file().getFileName()).isEqualTo(first.getFileName());
                    assertThat(e.offset()).isEqualTo(middle.offset());
                    assertThat(e.getMessage()).contains(first.getFileName().toString()).contains("offset " + middle.offset())
                            .contains("checksum");
                });
    }

    /**
     * Sealed segments were fsync'd before the next segment got its first record, so a crash can
     * tear only the log's last segment. A bad last record in an earlier segment is damage to an
     * acknowledged write, not a torn append: cutting it off quietly would serve the key's older
     * value.
     */
    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aDamagedLastRecordOfASealedSegmentIsCorruptionNotATornWrite(IndexKind kind) throws IOException {
        Path dir = tmp.resolve("sealed-tail");
        try (LogStructuredStore store = LogStructuredStore.open(options(dir, kind))) {
            store.put("victim", "old".getBytes(StandardCharsets.UTF_8));
            store.put("other", new byte[100]);
            store.put("victim", "new".getBytes(StandardCharsets.UTF_8));
            store.put("filler", new byte[SEGMENT_BYTES - 100]); // does not fit: seals the segment, "new" last
            store.put("after", new byte[10]);
        }
        Path first = LogFiles.segments(dir).get(0);
        List<LogFiles.RecordAt> inFirst = LogFiles.records(first);
        LogFiles.RecordAt last = inFirst.get(inFirst.size() - 1);
        assertThat(last.record().key()).isEqualTo("victim");
        assertThat(last.record().value()).asString(StandardCharsets.UTF_8).isEqualTo("new");
        assertThat(LogFiles.segments(dir)).hasSizeGreaterThan(1);
        LogFiles.flipByte(first, last.end() - 1);
        deleteHints(dir);

        Throwable thrown = catchThrowable(() -> {
            try (LogStructuredStore store = LogStructuredStore.open(options(dir, kind))) {
                throw new AssertionError("opened, with cuts " + store.recoveryReport().cuts() + ", and victim = "
                        + store.get("victim").map(v -> new String(v, StandardCharsets.UTF_8)).orElse("(no value)"));
            }
        });
        assertThat(thrown).isInstanceOfSatisfying(CorruptLogException.class, e -> {
            assertThat(e.file().getFileName()).isEqualTo(first.getFileName());
            assertThat(e.offset()).isEqualTo(last.offset());
        });
        assertThat(Files.size(first)).as("nothing cut without repair").isEqualTo(last.end());
    }

    // ---- repair --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void repairOpensALogWithMidFileCorruptionAndKeepsTheRecordsBeforeIt(IndexKind kind) throws IOException {
        Fixture f = fixture(kind, "repair", 150, 15, 80);
        List<Path> segments = f.segments();
        Path last = segments.get(segments.size() - 1);
        List<LogFiles.RecordAt> inLast = LogFiles.records(last);
        assertThat(inLast).hasSizeGreaterThan(3);
        LogFiles.RecordAt damaged = inLast.get(inLast.size() / 2);
        LogFiles.flipByte(last, damaged.offset() + RecordFormat.HEADER_SIZE); // first byte of the key
        long sizeBefore = Files.size(last);
        deleteHints(f.dir); // else the key directory trusts the hint the clean close left, and reads nothing

        assertThatThrownBy(() -> LogStructuredStore.open(options(f.dir, kind)).close()).isInstanceOf(CorruptLogException.class);
        try (LogStructuredStore store = LogStructuredStore.open(options(f.dir, kind).withRepair(true))) {
            assertThat(store.recoveryReport().cuts()).singleElement().satisfies(cut -> {
                assertThat(cut.file().getFileName()).isEqualTo(last.getFileName());
                assertThat(cut.offset()).isEqualTo(damaged.offset());
                assertThat(cut.droppedBytes()).isEqualTo(sizeBefore - damaged.offset());
                assertThat(cut.tornWrite()).isFalse();
            });
            assertThat(WriteHistory.differences(store, f.history.stateAfter(f.indexOf(damaged)))).isEmpty();
            assertThat(Files.size(last)).isEqualTo(damaged.offset());
        }
        try (LogStructuredStore store = LogStructuredStore.open(options(f.dir, kind))) {
            assertThat(store.recoveryReport().cuts()).as("repaired for good").isEmpty();
            assertThat(WriteHistory.differences(store, f.history.stateAfter(f.indexOf(damaged)))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void repairOfASealedSegmentCutsOnlyThatSegmentsTail(IndexKind kind) throws IOException {
        Fixture f = fixture(kind, "repair-sealed", 150, 15, 80);
        Path first = f.segments().get(0);
        List<LogFiles.RecordAt> inFirst = LogFiles.records(first);
        LogFiles.RecordAt damaged = inFirst.get(inFirst.size() / 2);
        int from = f.indexOf(damaged);
        int to = f.indexOf(inFirst.get(inFirst.size() - 1));
        LogFiles.flipByte(first, damaged.offset() + RecordFormat.TYPE_OFFSET);
        deleteHints(f.dir);

        try (LogStructuredStore store = LogStructuredStore.open(options(f.dir, kind).withRepair(true))) {
            assertThat(store.recoveryReport().cuts()).singleElement().satisfies(cut -> {
                assertThat(cut.file().getFileName()).isEqualTo(first.getFileName());
                assertThat(cut.offset()).isEqualTo(damaged.offset());
                assertThat(cut.tornWrite()).isFalse();
            });
            // The first segment's records from the damaged one on are gone; later segments stay.
            assertThat(WriteHistory.differences(store, f.history.stateOf(i -> i < from || i > to))).isEmpty();
        }
    }

    /** The usual way to repair: try to open, read the error, open again with repair, same process. */
    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void aStoreThatRefusedToOpenCanBeOpenedWithRepairInTheSameProcess(IndexKind kind) throws IOException {
        Fixture f = fixture(kind, "retry", 150, 15, 80);
        Path first = f.segments().get(0);
        LogFiles.RecordAt damaged = LogFiles.records(first).get(1);
        LogFiles.flipByte(first, damaged.offset() + 2);
        deleteHints(f.dir);

        assertThatThrownBy(() -> LogStructuredStore.open(options(f.dir, kind))).isInstanceOf(CorruptLogException.class);
        assertThatThrownBy(() -> LogStructuredStore.open(options(f.dir, kind)))
                .as("refused again, for the same reason").isInstanceOf(CorruptLogException.class);
        try (LogStructuredStore store = LogStructuredStore.open(options(f.dir, kind).withRepair(true))) {
            assertThat(store.recoveryReport().cuts()).hasSize(1);
        }
    }

    // ---- hint files ----------------------------------------------------------------------------

    @Test
    void aDamagedHintFileIsIgnoredAndTheSegmentReadInstead() throws IOException {
        Fixture f = fixture(IndexKind.KEY_DIRECTORY, "hints", 150, 15, 80);
        writeMissingHints(f.dir);
        Path hint = LogFiles.filesEndingWith(f.dir, DataDirectory.HINT_SUFFIX).get(0);
        long size = Files.size(hint);
        Random random = new Random(SEED);
        for (int i = 0; i < 40; i++) {
            long offset = i < 16 ? size - 16 + i : random.nextInt((int) size); // the whole trailer, then a sample
            Path dir = LogFiles.copyStore(f.dir, tmp.resolve("trial"));
            try {
                LogFiles.flipByte(dir.resolve(hint.getFileName()), offset);
                try (LogStructuredStore store = LogStructuredStore.open(options(dir, IndexKind.KEY_DIRECTORY))) {
                    String context = "hint " + hint.getFileName() + " damaged at byte " + offset + ", Random(" + SEED + ")";
                    assertThat(store.recoveryReport().segmentsFromHints()).as(context).isEqualTo(store.recoveryReport().segments() - 1);
                    assertThat(store.recoveryReport().cuts()).as(context).isEmpty();
                    assertThat(WriteHistory.differences(store, f.history.stateAfter(f.records.size()))).as(context).isEmpty();
                }
            } finally {
                LogFiles.deleteTree(dir);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * Copies the fixture without its hint files (so that opening reads every segment), flips the
     * byte at {@code offset} of {@code segment}, and reopens: the store must refuse, naming the
     * record, unless the record is the log's last, which it must cut (keeping all before it).
     */
    private void assertDamageRefusedOrCut(IndexKind kind, Fixture f, Path segment, long offset, String how) throws IOException {
        LogFiles.RecordAt damaged = f.recordAt(segment, offset);
        String context = context(kind, segment, offset, damaged, how);
        Path dir = LogFiles.copyStore(f.dir, tmp.resolve("trial"));
        try {
            Path file = dir.resolve(segment.getFileName());
            LogFiles.flipByte(file, offset);
            deleteHints(dir);
            if (f.isLastOfLog(damaged)) {
                long sizeBefore = Files.size(file);
                try (LogStructuredStore store = LogStructuredStore.open(options(dir, kind))) {
                    assertThat(store.recoveryReport().cuts()).as(context).singleElement().satisfies(cut -> {
                        assertThat(cut.file().getFileName()).isEqualTo(segment.getFileName());
                        assertThat(cut.offset()).isEqualTo(damaged.offset());
                        assertThat(cut.droppedBytes()).isEqualTo(sizeBefore - damaged.offset());
                        assertThat(cut.tornWrite()).isTrue();
                    });
                    assertThat(WriteHistory.differences(store, f.history.stateAfter(f.indexOf(damaged)))).as(context).isEmpty();
                    assertThat(Files.size(file)).as(context).isEqualTo(damaged.offset());
                }
            } else {
                Throwable thrown = catchThrowable(() -> {
                    try (LogStructuredStore store = LogStructuredStore.open(options(dir, kind))) {
                        // Opened although it should not have: say what it would serve.
                        throw new AssertionError("opened with cuts " + store.recoveryReport().cuts() + " and wrong keys "
                                + WriteHistory.differences(store, f.history.stateAfter(f.records.size())));
                    }
                });
                assertThat(thrown).as(context).isInstanceOf(CorruptLogException.class);
                assertNamesRecord((CorruptLogException) thrown, segment, damaged, context);
                assertThat(Files.size(file)).as("nothing cut without repair; " + context).isEqualTo(Files.size(segment));
            }
        } finally {
            LogFiles.deleteTree(dir);
        }
    }

    private static void assertNamesRecord(CorruptLogException e, Path segment, LogFiles.RecordAt damaged, String context) {
        assertThat(e.file().getFileName()).as(context).isEqualTo(segment.getFileName());
        assertThat(e.offset()).as(context).isEqualTo(damaged.offset());
        assertThat(e.getMessage()).as(context).contains(segment.getFileName().toString()).contains("offset " + damaged.offset());
    }

    /** Every key reads as expected, except that reading the damaged record's key may fail. */
    private static void assertReadsAreRightOrFail(LogStructuredStore store, Map<String, Optional<byte[]>> expected,
                                                  LogFiles.RecordAt damaged, String context) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Optional<byte[]>> e : expected.entrySet()) {
            try {
                List<String> diff = WriteHistory.differences(store, Map.of(e.getKey(), e.getValue()));
                wrong.addAll(diff);
            } catch (StoreException readFailed) {
                if (!e.getKey().equals(damaged.record().key())) {
                    wrong.add(e.getKey() + ": read failed although its record is not the damaged one: " + readFailed.getMessage());
                }
            }
        }
        assertThat(wrong).as("wrong values served; " + context).isEmpty();
    }

    /**
     * {@code count} offsets (segment index, byte offset) spread over every segment: the first
     * record of each segment, whose header orders the segments, and then random bytes.
     */
    private static List<long[]> sample(Fixture f, int count) throws IOException {
        List<Path> segments = f.segments();
        List<long[]> sample = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            LogFiles.RecordAt firstRecord = LogFiles.records(segments.get(s)).get(0);
            for (int b = 0; b < RecordFormat.HEADER_SIZE; b += 2) {
                sample.add(new long[] {s, b});
            }
            sample.add(new long[] {s, firstRecord.end() - 1});
        }
        Random random = new Random(SEED);
        TreeSet<Long> seen = new TreeSet<>();
        long total = 0;
        for (Path s : segments) {
            total += Files.size(s);
        }
        while (sample.size() < count) {
            long global = (long) (random.nextDouble() * total);
            if (!seen.add(global)) {
                continue;
            }
            long offset = global;
            for (int s = 0; s < segments.size(); s++) {
                long size = Files.size(segments.get(s));
                if (offset < size) {
                    sample.add(new long[] {s, offset});
                    break;
                }
                offset -= size;
            }
        }
        // The log's last byte, always: the last record of the last segment.
        Path last = segments.get(segments.size() - 1);
        sample.add(new long[] {segments.size() - 1, Files.size(last) - 1});
        return sample;
    }

    private static String context(IndexKind kind, Path segment, long offset, LogFiles.RecordAt damaged, String how) {
        return String.format("%s, byte %d of %s flipped (in the %s record at offset %d, %d bytes); %s, seed %d",
                kind, offset, segment.getFileName(), damaged.record().type(), damaged.offset(), damaged.size(), how, SEED);
    }

    /**
     * Writes the hint file of every segment that has none. (The store writes them in the
     * background; one that is still queued when the store closes is not written.)
     */
    private static void writeMissingHints(Path dir) throws IOException {
        for (Path segment : LogFiles.segments(dir)) {
            if (!Files.exists(HintFile.pathFor(segment))) {
                try (Segment s = Segment.open(segment)) {
                    assertThat(HintFile.write(s, Limits.DEFAULT_MAX_VALUE_BYTES)).isTrue();
                }
            }
        }
        assertThat(LogFiles.filesEndingWith(dir, DataDirectory.HINT_SUFFIX)).hasSameSizeAs(LogFiles.segments(dir));
    }

    private static void deleteHints(Path dir) throws IOException {
        for (Path hint : LogFiles.filesEndingWith(dir, DataDirectory.HINT_SUFFIX)) {
            Files.delete(hint);
        }
    }
}
