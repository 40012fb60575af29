package io.patrickdb.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Compaction: reclaims the space of overwritten, deleted and expired records.
 *
 * <p>It reads every sealed segment, copies the records that are still their key's current value
 * into new segments, and swaps the new segments in for the old ones. Readers and writers go on
 * meanwhile: sealed segments never change, writers append to the active segment, which
 * compaction does not touch, and a record overwritten while compaction copies it simply stays
 * dead in the output. Tombstones are dropped: every older record they could shadow is in the
 * sealed segments being replaced.
 *
 * <p>The floor (chapter 3): a replication follower that is behind reads the log from its
 * position on, and must see every delete and every expiry after it, or it would keep a value
 * the leader no longer has. So above the floor (the oldest position a follower still needs)
 * compaction drops only values that a newer live value of the same key replaces, and keeps
 * tombstones and expired values. Below it, everything dead goes. Before it commits, it records
 * how far it dropped records ({@link LogStructuredStore#compactedThrough()}), so that a reader
 * from an older position is told to start from a snapshot instead.
 *
 * <p>Crash safety comes from the order of the steps ({@link CompactionStep}): outputs are written
 * and fsync'd under temporary names, then the {@link CompactionManifest} commits the swap, then
 * outputs are renamed and inputs deleted. Recovery either discards an uncommitted compaction or
 * finishes a committed one, so every crash leaves exactly one copy of the log.
 */
final class Compactor {

    /** A live record that compaction copied, and from where to where. */
    record Move(String key, Location from, Location to) {
    }

    /** A live record that had expired: compaction dropped it, the index must forget it too. */
    record Expired(LogRecord record, Location at) {
    }

    /** Records, durably, that compaction is about to drop records up to a sequence number. */
    interface Horizon {
        void compactingThrough(long sequence) throws IOException;
    }

    /** Swaps the outputs in; the store does it under its write lock. */
    interface Swap {
        void swap(List<Segment> inputs, List<Segment> outputs, List<Move> moves, List<Expired> expired) throws IOException;
    }

    private final Path dir;
    private final SegmentedLog log;
    private final Index index;
    private final StoreOptions options;
    private final Swap swap;
    private final java.util.function.LongSupplier floor;
    private final Horizon horizon;
    private volatile Consumer<CompactionStep> hook = step -> { };

    Compactor(Path dir, SegmentedLog log, Index index, StoreOptions options, Swap swap,
              java.util.function.LongSupplier floor, Horizon horizon) {
        this.floor = floor;
        this.horizon = horizon;
        this.dir = dir;
        this.log = log;
        this.index = index;
        this.options = options;
        this.swap = swap;
    }

    /** Test seam: called after each step, so crash tests can stop the process there. */
    void onStep(Consumer<CompactionStep> hook) {
        this.hook = hook;
    }

    /** Compacts all sealed segments; returns how many segments it replaced. */
    int compact() throws IOException {
        // BEGIN SOLUTION chapter1.part6
        List<Segment> inputs = log.sealedSegments();
        if (inputs.isEmpty()) {
            return 0;
        }
        long now = options.clock().millis();
        long keepAbove = floor.getAsLong();
        int maxValue = options.limits().maxValueBytes();
        List<Segment> outputs = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        List<Expired> expired = new ArrayList<>();
        Segment[] current = {null};
        LogRecord[] newest = {null};   // the inputs' record with the highest sequence number
        boolean[] newestCopied = {false};
        for (Segment input : inputs) {
            SegmentScanner.Result result = SegmentScanner.scan(input.channel(), maxValue, (record, offset, size) -> {
                boolean isNewest = newest[0] == null || record.sequence() > newest[0].sequence();
                if (isNewest) {
                    newest[0] = record;
                    newestCopied[0] = false;
                }
                Location from = new Location(input.id(), (int) offset, size);
                boolean live = record.type() == RecordType.PUT && index.isLive(record, from);
                boolean aboveFloor = record.sequence() > keepAbove;
                if (live && (aboveFloor || !record.isExpiredAt(now))) {
                    Location to = copy(record, size, current, outputs);
                    moves.add(new Move(record.key(), from, to));
                    newestCopied[0] |= isNewest;
                } else if (live) {
                    expired.add(new Expired(record, from));
                } else if (aboveFloor && !replacedByNewerValue(record)) {
                    copy(record, size, current, outputs); // a delete or an expiry a follower must still see
                    newestCopied[0] |= isNewest;
                }
            });
            if (!result.clean()) {
                deleteAll(outputs);
                throw new CorruptLogException(input.path(), result.validEnd(), result.problem());
            }
        }
        // Recovery takes the next sequence number from the highest one on disk. If the newest
        // record is dropped (a tombstone, an expired or overwritten value), a tombstone with its
        // sequence number stays in its place, or a reopened store would hand out versions again.
        // It deletes nothing: its key has no older live record, and newer ones replay after it.
        if (newest[0] != null && !newestCopied[0]) {
            LogRecord marker = LogRecord.tombstone(newest[0].sequence(), newest[0].key());
            copy(marker, RecordFormat.sizeOf(marker.keyBytes().length, 0), current, outputs);
        }
        for (Segment out : outputs) {
            out.seal();
            out.force();
        }
        hook.accept(CompactionStep.OUTPUTS_WRITTEN);

        if (newest[0] != null) {
            horizon.compactingThrough(Math.min(keepAbove, newest[0].sequence()));
        }

        new CompactionManifest(ids(inputs), ids(outputs)).write(dir);
        hook.accept(CompactionStep.MANIFEST_WRITTEN);

        for (Segment out : outputs) {
            out.renameTo(dir.resolve(Segment.fileName(out.id())));
            HintFile.write(out, maxValue);
        }
        CompactionManifest.syncDirectory(dir);
        hook.accept(CompactionStep.OUTPUTS_RENAMED);

        swap.swap(inputs, outputs, moves, expired);
        hook.accept(CompactionStep.SWAPPED);

        for (Segment input : inputs) {
            input.delete();
        }
        CompactionManifest.syncDirectory(dir);
        hook.accept(CompactionStep.INPUTS_DELETED);

        CompactionManifest.remove(dir);
        return inputs.size();
        // STUB: throw new UnsupportedOperationException("chapter1.part6: copy live records of sealed segments, then swap");
        // END SOLUTION
    }

    /** Whether the key has a live value written after {@code record}, which makes the record irrelevant to every reader. */
    private boolean replacedByNewerValue(LogRecord record) throws IOException {
        Versioned current = index.get(record.key());
        return current != null && current.version() > record.sequence();
    }

    /** Appends {@code record} to the current output segment, starting a new one when it is full. */
    private Location copy(LogRecord record, int size, Segment[] current, List<Segment> outputs) throws IOException {
        if (current[0] == null || current[0].size() + size > options.segmentBytes()) {
            current[0] = startOutput(outputs);
        }
        long to = current[0].append(RecordFormat.encode(record));
        current[0].setFirstSequence(record.sequence());
        return new Location(current[0].id(), (int) to, size);
    }

    private Segment startOutput(List<Segment> outputs) throws IOException {
        if (!outputs.isEmpty()) {
            outputs.get(outputs.size() - 1).seal();
        }
        Segment out = log.newOutputSegment(dir);
        outputs.add(out);
        return out;
    }

    private static void deleteAll(List<Segment> segments) throws IOException {
        for (Segment s : segments) {
            s.delete();
        }
    }

    private static List<Integer> ids(List<Segment> segments) {
        return segments.stream().map(Segment::id).toList();
    }
}
