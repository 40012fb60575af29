package io.patrickdb.index;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to open a store. Start from {@link #in(Path)} and change what you need:
 *
 * <pre>{@code
 * StoreOptions options = StoreOptions.in(dir)
 *         .withIndex(IndexKind.KEY_DIRECTORY)
 *         .withDurability(Durability.ALWAYS);
 * }</pre>
 *
 * @param dataDir             directory holding the segment files (created if missing)
 * @param index               which index structure to keep in memory
 * @param durability          when a write counts as done
 * @param segmentBytes        a segment is sealed and a new one started when it would grow past this
 * @param limits              the largest value accepted (keys follow memcached's fixed rule)
 * @param compactionThreshold compaction starts by itself when this fraction of the sealed
 *                            segments' bytes is dead; {@code 1.0} or more turns it off
 * @param repair              open a log with a corrupt record by cutting its segment there
 * @param clock               the clock used for time-to-live (tests pass a clock they control)
 */
public record StoreOptions(Path dataDir, IndexKind index, Durability durability, long segmentBytes,
                           Limits limits, double compactionThreshold, boolean repair, Clock clock) {

    /** 64 MiB, as Bitcask's default file size. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

    /** The largest segment: offsets inside a segment must fit in an int. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    public StoreOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        if (segmentBytes < 4096 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be in 4096.." + MAX_SEGMENT_BYTES + ", was " + segmentBytes);
        }
        if (!(compactionThreshold > 0)) {
            throw new IllegalArgumentException("compactionThreshold must be above 0, was " + compactionThreshold);
        }
    }

    /** The defaults: hash-map index, {@link Durability#EVERY_SECOND}, 64 MiB segments, 1 MiB values. */
    public static StoreOptions in(Path dataDir) {
        return new StoreOptions(dataDir, IndexKind.HASH_MAP, Durability.EVERY_SECOND, DEFAULT_SEGMENT_BYTES,
                Limits.defaults(), 0.5, false, Clock.systemUTC());
    }

    public StoreOptions withIndex(IndexKind index) {
        return new StoreOptions(dataDir, index, durability, segmentBytes, limits, compactionThreshold, repair, clock);
    }

    public StoreOptions withDurability(Durability durability) {
        return new StoreOptions(dataDir, index, durability, segmentBytes, limits, compactionThreshold, repair, clock);
    }

    public StoreOptions withSegmentBytes(long segmentBytes) {
        return new StoreOptions(dataDir, index, durability, segmentBytes, limits, compactionThreshold, repair, clock);
    }

    public StoreOptions withMaxValueBytes(int maxValueBytes) {
        return new StoreOptions(dataDir, index, durability, segmentBytes, new Limits(maxValueBytes), compactionThreshold, repair, clock);
    }

    public StoreOptions withCompactionThreshold(double compactionThreshold) {
        return new StoreOptions(dataDir, index, durability, segmentBytes, limits, compactionThreshold, repair, clock);
    }

    public StoreOptions withRepair(boolean repair) {
        return new StoreOptions(dataDir, index, durability, segmentBytes, limits, compactionThreshold, repair, clock);
    }

    public StoreOptions withClock(Clock clock) {
        return new StoreOptions(dataDir, index, durability, segmentBytes, limits, compactionThreshold, repair, clock);
    }
}
