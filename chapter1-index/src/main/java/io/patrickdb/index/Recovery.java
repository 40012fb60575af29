package io.patrickdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilding the index when a store opens: the log is the truth, the index is derived from it.
 *
 * <ol>
 *   <li>Finish a compaction that committed before a crash; delete files of one that did not.</li>
 *   <li>Open every segment and order them by their first sequence number.</li>
 *   <li>Replay each segment's records into the index, in order, so the latest record for a key
 *       wins. With the key directory, a segment's hint file stands in for the segment.</li>
 *   <li>Where a segment ends in a torn write, cut it off and report it. Where a record in the
 *       middle is bad, refuse to open, naming file and offset, unless repair was asked for.</li>
 * </ol>
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What replay leaves behind for the store. */
    record Result(long lastSequence, long liveBytes, RecoveryReport report, List<Segment> needHints) {
    }

    private Recovery() {
    }

    /** Steps 1 and 2: the segments on disk, cleaned up and in replay order. */
    static List<Segment> openSegments(Path dir) throws IOException {
        Files.createDirectories(dir);
        CompactionManifest manifest = CompactionManifest.read(dir);
        if (manifest != null) {
            LOG.info("finishing an interrupted compaction: {}", manifest);
            manifest.finish(dir);
        }
        List<Segment> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (DataDirectory.isLeftover(name)) {
                    Files.delete(file); // an uncommitted compaction's output, or half a hint file
                } else if (Segment.isSegmentFile(file)) {
                    if (Files.size(file) == 0) {
                        Files.delete(file);
                        Files.deleteIfExists(HintFile.pathFor(file));
                    } else {
                        segments.add(Segment.open(file));
                    }
                }
            }
        }
        for (Segment s : segments) {
            s.setFirstSequence(firstSequence(s));
        }
        segments.sort(Comparator.comparingLong(Segment::firstSequence).thenComparingInt(Segment::id));
        return segments;
    }

    /**
     * The sequence number of the first record, or Long.MAX_VALUE if that record is not whole and
     * intact. The header's bytes order the segments for replay, so they are trusted only once the
     * record's checksum agrees; a segment with a bad first record goes last and is scanned (not
     * read through its hint), so the scan reports the damage.
     */
    private static long firstSequence(Segment s) throws IOException {
        if (s.size() < RecordFormat.HEADER_SIZE) {
            return Long.MAX_VALUE;
        }
        ByteBuffer header = s.read(0, RecordFormat.HEADER_SIZE);
        long size = RecordFormat.HEADER_SIZE + Short.toUnsignedInt(header.getShort(RecordFormat.KEY_LENGTH_OFFSET))
                + (long) header.getInt(RecordFormat.VALUE_LENGTH_OFFSET);
        if (size < RecordFormat.HEADER_SIZE || size > s.size()) {
            return Long.MAX_VALUE;
        }
        RecordFormat.Decoded first = RecordFormat.decode(s.read(0, (int) size), Limits.LARGEST_MAX_VALUE_BYTES);
        return first instanceof RecordFormat.Decoded.Ok ok ? ok.record().sequence() : Long.MAX_VALUE;
    }

    /** Steps 3 and 4: replays {@code segments} into {@code index}. */
    static Result replay(List<Segment> segments, Index index, StoreOptions options) throws IOException {
        // BEGIN SOLUTION chapter1.part3
        long now = options.clock().millis();
        int maxValue = options.limits().maxValueBytes();
        long[] lastSequence = {0};
        long[] live = {0};
        long[] records = {0};
        int fromHints = 0;
        List<RecoveryReport.Cut> cuts = new ArrayList<>();
        List<Segment> needHints = new ArrayList<>();
        for (Segment segment : segments) {
            boolean intact = segment.firstSequence() != Long.MAX_VALUE; // see firstSequence
            long hinted = index instanceof KeyDirectory dir && intact ? HintFile.read(segment, hint -> {
                boolean gone = hint.type() == RecordType.TOMBSTONE || (hint.expiresAt() != 0 && hint.expiresAt() <= now);
                int old = gone ? dir.remove(hint.key()) : dir.apply(hint);
                live[0] += (gone ? 0 : hint.location().size()) - old;
                records[0]++;
            }) : -1;
            if (hinted >= 0) {
                lastSequence[0] = Math.max(lastSequence[0], hinted);
                fromHints++;
                continue;
            }
            SegmentScanner.Result result = SegmentScanner.scan(segment.channel(), maxValue, (record, offset, size) -> {
                Location at = new Location(segment.id(), (int) offset, size);
                boolean gone = record.type() == RecordType.TOMBSTONE || record.isExpiredAt(now);
                int old = gone ? index.remove(record.key()) : index.apply(record, at);
                live[0] += (gone ? 0 : size) - old;
                lastSequence[0] = Math.max(lastSequence[0], record.sequence());
                records[0]++;
            });
            if (!result.clean()) {
                boolean lastSegment = segment == segments.get(segments.size() - 1);
                cuts.add(cut(segment, result, lastSegment, options.repair()));
            }
            needHints.add(segment);
        }
        return new Result(lastSequence[0], live[0], new RecoveryReport(segments.size(), fromHints, records[0], cuts), needHints);
        // STUB: if (segments.isEmpty()) { // a new store has nothing to replay, so part 2 can be tested first
        // STUB:     return new Result(0, 0, new RecoveryReport(0, 0, 0, List.of()), List.of());
        // STUB: }
        // STUB: throw new UnsupportedOperationException("chapter1.part3: replay every segment into the index");
        // END SOLUTION
    }

    /**
     * Cuts {@code segment} where its good records end, if that is a torn write or repair is on.
     * Only the last segment can end in a torn write: every earlier one was sealed, and fsync'd,
     * before the next segment got its first record. A bad tail of an earlier segment is damage.
     */
    private static RecoveryReport.Cut cut(Segment segment, SegmentScanner.Result result, boolean lastSegment, boolean repair)
            throws IOException {
        boolean torn = result.tornWrite() && lastSegment;
        if (!torn && !repair) {
            throw new CorruptLogException(segment.path(), result.validEnd(), result.problem());
        }
        RecoveryReport.Cut cut = new RecoveryReport.Cut(segment.path(), result.validEnd(),
                result.fileSize() - result.validEnd(), result.problem(), torn);
        LOG.warn("{} {} at offset {}: cutting {} bytes ({})", torn ? "torn write in" : "repairing corrupt",
                segment.path(), result.validEnd(), cut.droppedBytes(), result.problem());
        segment.truncate(result.validEnd());
        Files.deleteIfExists(HintFile.pathFor(segment.path()));
        return cut;
    }
}
