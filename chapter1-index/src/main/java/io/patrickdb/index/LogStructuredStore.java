package io.patrickdb.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patrick-DB's storage engine: an append-only, segmented log on disk and an index in memory.
 *
 * <p>A write validates its input, takes the next sequence number, appends one record to the log,
 * points the index at it, and then waits for its {@link Durability} policy (see
 * {@link GroupCommit}). Writes are serialized by one lock, held only for the in-memory append,
 * never for an fsync. Reads take no lock at all: they ask the index.
 *
 * <p>Opening replays the log into the index ({@link Recovery}); a background thread writes hint
 * files for sealed segments and runs {@link Compactor compaction} when dead records pass the
 * configured share of the log. Reads see a write as soon as it is in the log, before it is
 * durable; a crash can lose only writes that were never acknowledged.
 */
public final class LogStructuredStore implements KeyValueStore, InPlaceWrites {
    private static final Logger LOG = LoggerFactory.getLogger(LogStructuredStore.class);

    private final StoreOptions options;
    private final FileChannel lockFile;
    private SegmentedLog log;
    private volatile Index index; // replaced by reset()
    private GroupCommit groupCommit;
    private Compactor compactor;
    private RecoveryReport recovery;
    private ExecutorService background;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean compactionQueued = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private volatile long lastSequence;   // written under writeLock
    private volatile long liveBytes;      // written under writeLock
    private volatile boolean closed;
    private volatile Throwable failure;
    // Chapter 3's seams: the replication floor, snapshots, and waiting for new records.
    private volatile long compactedThrough;
    private volatile LongSupplier compactionFloor = () -> Long.MAX_VALUE;
    private final StampedLock compactionGate = new StampedLock(); // compaction writes; snapshots and reset read
    private final AtomicBoolean compactionDeferred = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Void>> appendWaiter = new AtomicReference<>();

    private LogStructuredStore(StoreOptions options) throws IOException {
        this.options = options;
        Path dir = options.dataDir();
        java.nio.file.Files.createDirectories(dir);
        this.lockFile = lock(dir); // before recovery touches a file
        List<Segment> segments = List.of();
        try {
            segments = Recovery.openSegments(dir);
            this.background = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "patrickdb-background");
                t.setDaemon(true);
                return t;
            });
            this.log = new SegmentedLog(dir, options.segmentBytes(), segments, this::sealed);
            this.index = newIndex();
            this.compactedThrough = readCompactedThrough(dir);
            Recovery.Result replayed = Recovery.replay(segments, index, options);
            this.lastSequence = replayed.lastSequence();
            this.liveBytes = replayed.liveBytes();
            this.recovery = replayed.report();
            this.compactor = newCompactor();
            this.groupCommit = new GroupCommit(log, options.durability(), this::failed);
            for (Segment s : replayed.needHints()) {
                background.execute(() -> writeHint(s));
            }
        } catch (IOException | RuntimeException e) {
            // Release what we hold, so the caller can retry (say, with repair) in this process.
            if (background != null) {
                background.shutdownNow();
            }
            if (log != null) {
                Segment unused = log.active();
                log.abandon();
                java.nio.file.Files.deleteIfExists(unused.path());
            }
            for (Segment s : segments) {
                s.close();
            }
            lockFile.close();
            throw e;
        }
        LOG.info("opened {}: {} keys, {} segments ({} from hints), {} records replayed",
                dir, index.size(), recovery.segments(), recovery.segmentsFromHints(), recovery.records());
    }

    /**
     * Opens (creating if needed) the store in {@code options.dataDir()}, replaying its log.
     *
     * @throws CorruptLogException if a record before the end of a segment is bad and repair is off
     * @throws StoreException      if the files cannot be read, or another process has the store open
     */
    public static LogStructuredStore open(StoreOptions options) {
        try {
            return new LogStructuredStore(options);
        } catch (IOException e) {
            throw new StoreException("cannot open store in " + options.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel lock(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(DataDirectory.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new StoreException("store in " + dir + " is already open (by this or another process)");
        }
        return ch;
    }

    private Index newIndex() {
        return options.index() == IndexKind.HASH_MAP ? new HashMapIndex() : new KeyDirectory(log, options.limits().maxValueBytes());
    }

    private Compactor newCompactor() {
        return new Compactor(options.dataDir(), log, index, options, this::swap, () -> compactionFloor.getAsLong(),
                this::compactingThrough);
    }

    /** What recovery found when this store opened. */
    public RecoveryReport recoveryReport() {
        return recovery;
    }

    // ---- reads ----------------------------------------------------------------------------

    @Override
    public Optional<byte[]> get(String key) {
        return getVersioned(key).map(Versioned::value);
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        Limits.checkKey(key);
        checkOpen();
        Versioned v = read(key);
        if (v == null) {
            return Optional.empty();
        }
        if (isExpired(v)) {
            forgetExpired(key, v.version());
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private Versioned read(String key) {
        try {
            return index.get(key);
        } catch (IOException e) {
            throw new StoreException("cannot read key " + key + ": " + e.getMessage(), e);
        }
    }

    private boolean isExpired(Versioned v) {
        return v.expiresAt() != 0 && v.expiresAt() <= options.clock().millis();
    }

    /** Drops an expired key from the index; its record is already dead on disk. */
    private void forgetExpired(String key, long version) {
        writeLock.lock();
        try {
            Versioned now = read(key);
            if (now != null && now.version() == version) {
                liveBytes -= index.remove(key);
            }
        } finally {
            writeLock.unlock();
        }
    }

    // ---- writes ---------------------------------------------------------------------------

    @Override
    public CompletableFuture<Long> putAsync(String key, byte[] value, Duration ttl) {
        Limits.checkKey(key);
        options.limits().checkValue(value);
        long expiresAt = expiresAt(ttl);
        byte[] copy = value.clone(); // the caller may reuse its array; the index must not see that
        writeLock.lock();
        try {
            return append(LogRecord.put(lastSequence + 1, expiresAt, key, copy));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(String key) {
        Limits.checkKey(key);
        writeLock.lock();
        try {
            checkWritable();
            Versioned current = read(key);
            if (current == null) {
                return CompletableFuture.completedFuture(false);
            }
            if (isExpired(current)) {
                liveBytes -= index.remove(key); // no tombstone needed: the record is expired on disk too
                return CompletableFuture.completedFuture(false);
            }
            return append(LogRecord.tombstone(lastSequence + 1, key)).thenApply(seq -> true);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public CompletableFuture<CasResult> compareAndSetAsync(String key, long expectedVersion, byte[] value, Duration ttl) {
        Limits.checkKey(key);
        options.limits().checkValue(value);
        long expiresAt = expiresAt(ttl);
        byte[] copy = value.clone();
        writeLock.lock();
        try {
            checkWritable();
            Versioned current = read(key);
            long version = current == null || isExpired(current) ? 0 : current.version();
            if (version != expectedVersion) {
                return CompletableFuture.completedFuture(new CasResult(false, version));
            }
            return append(LogRecord.put(lastSequence + 1, expiresAt, key, copy)).thenApply(seq -> new CasResult(true, seq));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs the write in place if the log can take its record in memory at once. A key directory
     * declines: a delete or a compare-and-set reads the current value from the log files first.
     */
    @Override
    public <T> CompletableFuture<T> tryWithoutWaiting(Function<KeyValueStore, CompletableFuture<T>> write) {
        if (options.index() != IndexKind.HASH_MAP || !writeLock.tryLock()) {
            return null;
        }
        try {
            log.appendInMemoryOnly(true);
            return write.apply(this);
        } catch (SegmentedLog.WouldWaitException e) {
            return null; // thrown by the log before it appended anything, so nothing changed
        } finally {
            log.appendInMemoryOnly(false);
            writeLock.unlock();
        }
    }

    /** Appends one record and updates the index; the caller holds the write lock. */
    private CompletableFuture<Long> append(LogRecord record) {
        // BEGIN SOLUTION chapter1.part2
        checkWritable();
        byte[] encoded = RecordFormat.encode(record);
        SegmentedLog.Appended appended;
        try {
            appended = log.append(record, encoded);
        } catch (IOException e) {
            failed(e);
            return CompletableFuture.failedFuture(new StoreException("cannot append to the log: " + e.getMessage(), e));
        }
        int superseded = index.apply(record, appended.at());
        lastSequence = record.sequence();
        liveBytes += (record.type() == RecordType.PUT ? encoded.length : 0) - superseded;
        writes.incrementAndGet();
        wakeLogReaders();
        return groupCommit.durable(appended.ticket(), record.sequence());
        // STUB: throw new UnsupportedOperationException("chapter1.part2: append the record to the log and point the index at it");
        // END SOLUTION
    }

    // ---- the log as a stream: chapter 3's seams ------------------------------------------

    /**
     * Applies a record that another store wrote (a replication leader's), keeping its sequence
     * number, which is also the key's version, and its absolute expiry. Records must come in
     * the leader's order; one at or below {@link StoreStats#lastSequence()} was applied before
     * and is ignored, so applying a stream twice is harmless. Completes when the record is
     * durable by this store's own policy.
     *
     * <p>A store that applies records must take no writes of its own meanwhile: their sequence
     * numbers would collide with the leader's.
     */
    public CompletableFuture<Void> applyReplicated(LogRecord record) {
        Limits.checkKey(record.key());
        options.limits().checkValue(record.value());
        writeLock.lock();
        try {
            if (record.sequence() <= lastSequence) {
                return CompletableFuture.completedFuture(null); // applied before: the stream is replayed from an older offset
            }
            return append(record).thenApply(seq -> null);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Hands every record appended so far to the operating system, without an fsync: from then on
     * a crash of this process (SIGKILL) cannot lose them, though a crash of the machine still can
     * under a policy other than {@link Durability#ALWAYS}. A replication follower calls it after
     * each batch it applied, before its next fetch tells the leader it has the batch: the leader
     * may drop from its log what every follower has, so what a follower acknowledged must
     * survive the follower's crash.
     */
    public void flushToOperatingSystem() {
        checkOpen();
        try {
            log.flush();
        } catch (IOException e) {
            failed(e);
            throw new StoreException("cannot write the log: " + e.getMessage(), e);
        }
    }

    /**
     * Writes every record appended so far to the disk (flush and fsync), whatever the policy: a
     * follower calls it before it notes a full resync done, since a snapshot applied only in part
     * would otherwise look complete after a crash.
     */
    public void forceToDisk() {
        checkOpen();
        try {
            log.flush().segment().force();
        } catch (IOException e) {
            failed(e);
            throw new StoreException("cannot write the log to disk: " + e.getMessage(), e);
        }
    }

    /** The last sequence number a reader may see: set once the record is in the log and the index. */
    long publishedSequence() {
        return lastSequence;
    }

    /**
     * A cursor over the log's records after {@code afterSequence}, in order: what a leader streams
     * to a follower that has everything up to {@code afterSequence}.
     *
     * @throws LogTruncatedException if compaction may have dropped records after it; the reader
     *                               then starts from a {@link #snapshot()} instead
     */
    public LogCursor readLog(long afterSequence) {
        checkOpen();
        if (afterSequence < compactedThrough) {
            throw new LogTruncatedException(afterSequence, compactedThrough);
        }
        return new LogCursor(this, log, options.limits().maxValueBytes(), afterSequence, LogCursor.Filter.ALL, true);
    }

    /**
     * Completes once the log holds a record with a sequence number above {@code sequence}: a log
     * reader that has caught up waits on this instead of polling. The future may be completed by
     * the writing thread, under the store's lock: do the work it triggers on a thread of your own
     * ({@code thenRunAsync}, or an event loop's {@code execute}).
     */
    public CompletableFuture<Void> awaitSequenceAbove(long sequence) {
        while (true) {
            if (lastSequence > sequence || closed) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> waiter = appendWaiter.get();
            if (waiter == null && !appendWaiter.compareAndSet(null, waiter = new CompletableFuture<>())) {
                continue; // another reader installed one first: use that
            }
            // Checked again after installing: a write that came in between found no waiter to wake.
            if (lastSequence > sequence || closed) {
                return CompletableFuture.completedFuture(null);
            }
            return waiter;
        }
    }

    private void wakeLogReaders() {
        CompletableFuture<Void> waiter = appendWaiter.get();
        if (waiter != null && appendWaiter.compareAndSet(waiter, null)) {
            waiter.complete(null);
        }
    }

    /**
     * The store's live values with the sequence after which the log completes them: what a
     * follower gets when it is too far behind for the log (see {@link Snapshot}). Compaction
     * waits until the snapshot is closed.
     */
    public Snapshot snapshot() {
        checkOpen();
        long stamp = compactionGate.readLock(); // waits for a running compaction to finish
        try {
            long sequence = lastSequence;
            Index live = index;
            long now = options.clock().millis();
            // The record at the snapshot's own sequence goes too, live or not: then a reader that
            // applies the snapshot has that sequence as its last one, exactly where the log goes on.
            LogCursor.Filter isLiveValue = (record, at) -> record.sequence() == sequence
                    || record.type() == RecordType.PUT && record.sequence() < sequence && !record.isExpiredAt(now) && live.isLive(record, at);
            LogCursor cursor = new LogCursor(this, log, options.limits().maxValueBytes(), 0, isLiveValue, false);
            return new Snapshot(cursor, sequence, () -> snapshotClosed(stamp));
        } catch (RuntimeException e) {
            compactionGate.unlockRead(stamp);
            throw e;
        }
    }

    /**
     * The store's state at this instant, exactly, as records to replay in order: chapter 3's Raft
     * snapshot, which must be the state at one log index, not a fuzzy one. The store keeps taking
     * writes while it is read; its records after {@link Snapshot#sequence()} are left out, and so
     * is every record that a later record at or before {@code sequence()} replaces. A key written
     * or deleted after {@code sequence()} may bring some replaced records of its own along (the
     * index knows only its newest record, so it cannot tell which of the older ones was last at
     * {@code sequence()}); replayed in order, they end at the right one. Compaction waits until
     * the snapshot is closed, so every record the replay needs stays in the log meanwhile.
     */
    public Snapshot exactSnapshot() {
        checkOpen();
        long stamp = compactionGate.readLock();
        try {
            long sequence = lastSequence;
            Index live = index;
            LogCursor.Filter neededAtSequence = (record, at) -> record.sequence() <= sequence
                    && (live.isLive(record, at) || laterThan(live, record.key(), sequence));
            LogCursor cursor = new LogCursor(this, log, options.limits().maxValueBytes(), 0, neededAtSequence, false);
            return new Snapshot(cursor, sequence, () -> snapshotClosed(stamp));
        } catch (RuntimeException e) {
            compactionGate.unlockRead(stamp);
            throw e;
        }
    }

    /** Whether the key's newest record is after {@code sequence}, or it has none now (deleted, or an expired value forgotten). */
    private static boolean laterThan(Index index, String key, long sequence) throws IOException {
        Versioned v = index.get(key);
        return v == null || v.version() > sequence;
    }

    private void snapshotClosed(long stamp) {
        compactionGate.unlockRead(stamp);
        if (compactionDeferred.compareAndSet(true, false) && !closed) {
            background.execute(this::compactInBackground);
        }
    }

    /**
     * The oldest sequence that a log reader may still need: compaction keeps every tombstone and
     * every expired value after it, and drops only values that a newer one replaces. A replication
     * leader sets it to the offset of its slowest follower. The default, {@code Long.MAX_VALUE},
     * lets compaction drop everything dead, as a store without followers should.
     */
    public void compactionFloor(LongSupplier floor) {
        this.compactionFloor = Objects.requireNonNull(floor, "floor");
    }

    /**
     * The sequence up to which compaction may have dropped records (tombstones, expired and
     * overwritten values): the log can be read completely only from here on. Kept in the
     * {@code COMPACTED} file, so it survives a restart.
     */
    public long compactedThrough() {
        return compactedThrough;
    }

    /** Called by compaction before it commits a swap that drops records up to {@code sequence}. */
    private void compactingThrough(long sequence) throws IOException {
        if (sequence > compactedThrough) {
            DataDirectory.writeAtomically(options.dataDir(), DataDirectory.COMPACTED_THROUGH, sequence + "\n");
            compactedThrough = sequence;
        }
    }

    private static long readCompactedThrough(Path dir) throws IOException {
        Optional<String> text = DataDirectory.read(dir, DataDirectory.COMPACTED_THROUGH);
        try {
            return text.map(t -> Long.parseLong(t.trim())).orElse(0L);
        } catch (NumberFormatException e) {
            throw new StoreException("unreadable " + dir.resolve(DataDirectory.COMPACTED_THROUGH) + ": " + text.get());
        }
    }

    /**
     * Deletes every record and starts over from sequence 0, as if the directory were new: what a
     * follower does before a full resync, because its old history may differ from its new leader's.
     * Waits for a running compaction. A crash part way leaves some of the old files; chapter 3's
     * replication state says a full resync was under way, so the follower resets again.
     */
    public void reset() {
        long stamp = compactionGate.writeLock();
        writeLock.lock();
        try {
            checkWritable();
            log.clear();
            DataDirectory.delete(options.dataDir(), DataDirectory.COMPACTED_THROUGH);
            index = newIndex();
            compactor = newCompactor();
            compactedThrough = 0;
            lastSequence = 0;
            liveBytes = 0;
            wakeLogReaders();
        } catch (IOException e) {
            failed(e);
            throw new StoreException("cannot reset " + options.dataDir() + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
            compactionGate.unlockWrite(stamp);
        }
    }

    private long expiresAt(Duration ttl) {
        if (ttl == null || ttl.isZero()) {
            return 0;
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        // A ttl too long to add to the clock (a client may send any 64-bit count of milliseconds)
        // means "as late as can be written", not an overflow into the past.
        long millis = ttl.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : ttl.toMillis();
        long now = options.clock().millis();
        return millis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + millis;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (failure != null) {
            throw new StoreException("store refuses writes after a failed write to its log ("
                    + failure.getMessage() + "); reopen it to recover", failure);
        }
    }

    private void failed(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    // ---- background work: hints and compaction ---------------------------------------------

    /** Called by the log (under its lock) when the writer seals a segment. */
    private void sealed(Segment segment) {
        background.execute(() -> writeHint(segment));
        StoreStats s = statsWithoutLock();
        boolean worthIt = s.deadBytes() > options.compactionThreshold() * s.diskBytes();
        if (worthIt && compactionQueued.compareAndSet(false, true)) {
            background.execute(this::compactInBackground);
        }
    }

    private void writeHint(Segment segment) {
        try {
            HintFile.write(segment, options.limits().maxValueBytes());
        } catch (IOException e) {
            // A hint is only a shortcut (reopening reads the segment instead), and compaction may
            // have deleted the segment meanwhile.
            LOG.debug("no hint file for {}: {}", segment, e.toString());
        }
    }

    private void compactInBackground() {
        compactionQueued.set(false);
        try {
            runCompaction();
        } catch (RuntimeException e) {
            LOG.error("background compaction failed; the log is unchanged", e);
        }
    }

    @Override
    public void compact() {
        checkWritable();
        Future<?> done = background.submit(this::runCompaction);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while compacting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StoreException("compaction failed", e.getCause());
        }
    }

    /**
     * Runs on the background thread, so at most one compaction runs at a time. While a snapshot
     * is open it does not run; the snapshot's close runs it then.
     */
    private void runCompaction() {
        if (closed) {
            return;
        }
        long stamp = compactionGate.tryWriteLock();
        if (stamp == 0) {
            compactionDeferred.set(true);
            return;
        }
        try {
            if (compactor.compact() > 0) {
                compactions.incrementAndGet();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("compaction failed: " + e.getMessage(), e);
        } finally {
            compactionGate.unlockWrite(stamp);
        }
    }

    /** Compaction's swap: new segments in, index relocated, old segments out. */
    private void swap(List<Segment> inputs, List<Segment> outputs, List<Compactor.Move> moves,
                      List<Compactor.Expired> expired) {
        writeLock.lock();
        try {
            log.replace(inputs, outputs, () -> {
                for (Compactor.Move m : moves) {
                    index.relocate(m.key(), m.from(), m.to());
                }
            });
            for (Compactor.Expired e : expired) {
                if (index.isLive(e.record(), e.at())) {
                    liveBytes -= index.remove(e.record().key());
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Test seam: see {@link Compactor#onStep}. */
    void onCompactionStep(Consumer<CompactionStep> hook) {
        compactor.onStep(hook);
    }

    // ---- stats and close --------------------------------------------------------------------

    @Override
    public StoreStats stats() {
        return statsWithoutLock();
    }

    private StoreStats statsWithoutLock() {
        List<Segment> all = log.segments();
        long disk = 0;
        for (Segment s : all) {
            disk += s.size();
        }
        return new StoreStats(index.size(), liveBytes, disk, all.size(), lastSequence, groupCommit == null ? 0 : groupCommit.fsyncs(),
                writes.get(), compactions.get(), options.index(), options.durability());
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            writeLock.unlock();
        }
        wakeLogReaders();
        try {
            background.shutdown();
            background.awaitTermination(1, TimeUnit.HOURS);
            groupCommit.stop();
            if (failure == null) {
                closeCleanly();
            } else {
                log.abandon(); // the tail is in an unknown state: leave it to recovery
                groupCommit.releaseAll(new StoreException("store failed before close", failure));
            }
        } catch (IOException e) {
            groupCommit.releaseAll(e);
            throw new StoreException("error while closing " + options.dataDir() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while closing " + options.dataDir());
        } finally {
            try {
                lockFile.close();
            } catch (IOException e) {
                LOG.warn("cannot release {}", options.dataDir().resolve(DataDirectory.LOCK), e);
            }
        }
    }

    private void closeCleanly() throws IOException {
        Segment last = log.active();
        log.close();                   // flushes and fsyncs the active segment ...
        groupCommit.releaseAll(null);  // ... so every write still waiting is now durable
        if (last.size() > 0) {
            try (Segment reopened = Segment.open(last.path())) {
                HintFile.write(reopened, options.limits().maxValueBytes());
            }
        } else {
            java.nio.file.Files.deleteIfExists(last.path()); // nothing was written since open
        }
    }
}
