package io.patrickdb.replication;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.patrickdb.index.LogCursor;
import io.patrickdb.index.LogRecord;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.LogTruncatedException;
import io.patrickdb.index.Snapshot;
import io.patrickdb.protocol.RequestRejectedException;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.Fetch;
import io.patrickdb.replication.protocol.FetchSnapshot;
import io.patrickdb.replication.protocol.RecordBatch;
import io.patrickdb.replication.protocol.ReplicationStatus;
import io.patrickdb.replication.protocol.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of replication: it answers its followers' fetches from the store's log,
 * and knows how far each follower has got.
 *
 * <p>A fetch names a history and an offset in it. If this node's history is that one (or the one
 * it continued when it was promoted, up to where that ended), and the log still holds every
 * record after the offset, the answer is the next records: a <em>partial resync</em>, straight
 * from the log, which is a much larger backlog than Redis's ring buffer. Otherwise the answer is a
 * <em>full resync</em>: a snapshot, which the follower reads in parts, and then the log after it.
 *
 * <p>The offset of each fetch is also the follower's acknowledgement of everything before it,
 * which is what {@code WAIT}, min-replicas, the status and the compaction floor are made of.
 * Nothing here runs on an event loop: reading the log may touch the disk, so it runs on this
 * class's own threads, and the event loop only hands over requests and sends the answers.
 */
final class Leader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leader.class);
    private static final long SNAPSHOT_IDLE_MILLIS = 30_000;

    private final LogStructuredStore store;
    private final Supplier<ReplicationState> state;
    private final ReplicationOptions options;
    private final ExecutorService io = Executors.newFixedThreadPool(2, new DefaultThreadFactory("patrickdb-leader", true));
    private final ScheduledExecutorService timers;
    private final Map<String, FollowerSession> followers = new ConcurrentHashMap<>();
    private final Map<Long, SnapshotSession> snapshots = new ConcurrentHashMap<>();
    private final AtomicLong nextSnapshotId = new AtomicLong(System.nanoTime() & 0xffff_ffffL);
    private final Set<ParkedFetch> parked = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean watching = new AtomicBoolean();
    private final Set<PendingWait> waits = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Leader(LogStructuredStore store, Supplier<ReplicationState> state, ReplicationOptions options) {
        this.store = store;
        this.state = state;
        this.options = options;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("patrickdb-leader-timers", true));
        t.setRemoveOnCancelPolicy(true); // a fetch answered early must not leave its timeout behind
        this.timers = t;
        timers.scheduleWithFixedDelay(this::expireIdle, 5, 5, TimeUnit.SECONDS);
    }

    // ---- fetch: partial or full resync ------------------------------------------------------

    CompletableFuture<Response> fetch(Fetch.Request request) {
        FollowerSession follower = followers.computeIfAbsent(request.nodeId(), FollowerSession::new);
        follower.seen(request.address());
        if (follower.connection != request.connection()) { // a new connection: a follower started or back
            follower.connection = request.connection();
            if ("streaming".equals(follower.state)) {
                follower.state = "back"; // read() says how it continues
            }
        }
        ReplicationState now = state.get();
        Optional<String> refused = whyNotPartial(now, request);
        if (refused.isPresent()) {
            return CompletableFuture.supplyAsync(() -> startFullResync(follower, request, refused.get()), io);
        }
        follower.acknowledged(request.offset(), store.stats().lastSequence());
        answerWaits();
        return CompletableFuture.supplyAsync(() -> read(follower, request, now), io)
                .thenCompose(answer -> answer != null ? CompletableFuture.completedFuture(answer) : park(follower, request, now));
    }

    /** Why the follower cannot continue from its offset, or empty if it can (as far as the ids tell). */
    private Optional<String> whyNotPartial(ReplicationState now, Fetch.Request request) {
        long last = store.stats().lastSequence();
        if (request.replicationId().isEmpty()) {
            return Optional.of("it holds no history yet");
        } else if (request.replicationId().equals(now.replicationId())) {
            return request.offset() > last
                    ? Optional.of("its offset " + request.offset() + " is beyond this leader's last sequence " + last)
                    : Optional.empty();
        } else if (request.replicationId().equals(now.previousId())) {
            return request.offset() > now.previousEnd()
                    ? Optional.of("its offset " + request.offset() + " is beyond where history " + now.previousId()
                            + " ended on this node (" + now.previousEnd() + ")")
                    : Optional.empty();
        }
        return Optional.of("this leader does not know its history " + request.replicationId());
    }

    /** The next records for the follower, a full resync if the log no longer has them, or null if there are none yet. */
    private Response read(FollowerSession follower, Fetch.Request request, ReplicationState now) {
        synchronized (follower) {
            try {
                // BEGIN SOLUTION chapter3.part2
                if (follower.cursor == null || follower.cursor.position() != request.offset() || !"streaming".equals(follower.state)) {
                    follower.cursor = store.readLog(request.offset());
                    if ("full-resync".equals(follower.state)) {
                        LOG.info("follower {} ({}) has the snapshot: streaming history {} from sequence {}",
                                follower.nodeId, follower.address, request.replicationId(), request.offset());
                    } else if (!"streaming".equals(follower.state)) {
                        LOG.info("follower {} ({}) continues history {} from sequence {}: partial resync",
                                follower.nodeId, follower.address, request.replicationId(), request.offset());
                    }
                    follower.state = "streaming";
                }
                List<LogRecord> records = follower.cursor.next(options.fetchBytes());
                return records.isEmpty() ? null : new Fetch.Records(now.replicationId(), store.stats().lastSequence(), RecordBatch.encode(records));
                // STUB: throw new UnsupportedOperationException("chapter3.part2: answer the fetch with the records after its offset, from a cursor over the log");
                // END SOLUTION
            } catch (LogTruncatedException e) {
                follower.cursor = null;
                return startFullResync(follower, request, "this leader's log is compacted through sequence " + e.compactedThrough());
            }
        }
    }

    private Response startFullResync(FollowerSession follower, Fetch.Request request, String why) {
        // BEGIN SOLUTION chapter3.part3
        Snapshot snapshot = store.snapshot(); // waits for a running compaction; holds off the next one
        long id = nextSnapshotId.incrementAndGet();
        snapshots.put(id, new SnapshotSession(id, snapshot, follower));
        follower.resyncing(snapshot.sequence());
        LOG.info("follower {} ({}) asks for history '{}' from sequence {}, but {}: full resync from a snapshot at sequence {}",
                follower.nodeId, follower.address, request.replicationId(), request.offset(), why, snapshot.sequence());
        return new Fetch.FullResync(state.get().replicationId(), id, snapshot.sequence());
        // STUB: throw new UnsupportedOperationException("chapter3.part3: open a snapshot, keep it for the follower's snapshot fetches, and tell it to start over");
        // END SOLUTION
    }

    /** Holds the fetch until a write arrives or its wait is over: the long poll. */
    private CompletableFuture<Response> park(FollowerSession follower, Fetch.Request request, ReplicationState now) {
        long waitMillis = Math.min(request.maxWaitMillis(), options.fetchWait().toMillis() * 4);
        if (waitMillis <= 0 || closed) {
            return CompletableFuture.completedFuture(nothingNew(now));
        }
        ParkedFetch p = new ParkedFetch(follower, request, now, new CompletableFuture<>());
        parked.add(p);
        ensureWatching();
        p.timeout = timers.schedule(() -> {
            if (parked.remove(p)) {
                p.answer.complete(nothingNew(now));
            }
        }, waitMillis, TimeUnit.MILLISECONDS);
        if (store.stats().lastSequence() > request.offset()) {
            wake(p); // a write came in between the read and the parking: do not wait for the next
        }
        return p.answer;
    }

    private Fetch.Records nothingNew(ReplicationState now) {
        return new Fetch.Records(now.replicationId(), store.stats().lastSequence(), new byte[0]);
    }

    /**
     * One registration with the store at a time, however many fetches are parked, and none while
     * no fetch is parked: each new record wakes them all, then the watch is renewed only if a fetch
     * parked again. Without that last rule every node, followers or not, would wake a thread on
     * every write (measured: 17% of a core and a futex wake-up per write on a single node).
     */
    private void ensureWatching() {
        if (!closed && watching.compareAndSet(false, true)) {
            watchLog(store.stats().lastSequence());
        }
    }

    /** Whether the leader is registered with the store for new records (for tests). */
    boolean watchingLog() {
        return watching.get();
    }

    private void watchLog(long after) {
        store.awaitSequenceAbove(after).thenRunAsync(() -> {
            long last = store.stats().lastSequence();
            for (ParkedFetch p : parked) {
                wake(p);
            }
            if (!closed && !parked.isEmpty()) {
                watchLog(last);
                return;
            }
            watching.set(false);
            if (!parked.isEmpty()) {
                ensureWatching(); // a fetch parked after the check above found the watch still on
            }
        }, io);
    }

    private void wake(ParkedFetch p) {
        if (!parked.remove(p)) {
            return; // answered already (timed out, or woken by another path)
        }
        java.util.concurrent.ScheduledFuture<?> timeout = p.timeout;
        if (timeout != null) { // null: woken before its timeout was even scheduled
            timeout.cancel(false);
        }
        io.execute(() -> {
            try {
                Response answer = read(p.follower, p.request, p.state);
                p.answer.complete(answer != null ? answer : nothingNew(p.state));
            } catch (RuntimeException e) {
                p.answer.completeExceptionally(e);
            }
        });
    }

    // ---- snapshots ------------------------------------------------------------------------

    CompletableFuture<Response> fetchSnapshot(FetchSnapshot.Request request) {
        SnapshotSession session = snapshots.get(request.snapshotId());
        if (session == null) {
            return CompletableFuture.failedFuture(new RequestRejectedException(new Response.Error(Status.UNAVAILABLE,
                    "snapshot " + request.snapshotId() + " is gone (idle for too long, or the leader restarted): fetch again")));
        }
        return session.next(request.maxBytes()).whenComplete((r, failure) -> {
            if (failure != null) {
                LOG.warn("full resync of follower {}: reading the snapshot failed ({}); closing it", session.follower.nodeId, failure.toString());
                session.close(); // an open snapshot holds off compaction: do not keep a broken one
            }
        });
    }

    private final class SnapshotSession {
        final long id;
        final Snapshot snapshot;
        final FollowerSession follower;
        volatile long lastUsed = System.nanoTime();
        int reportedPercent;
        long records;
        private CompletableFuture<FetchSnapshot.Response> ahead; // the part after the one last sent, being read

        SnapshotSession(long id, Snapshot snapshot, FollowerSession follower) {
            this.id = id;
            this.snapshot = snapshot;
            this.follower = follower;
        }

        /**
         * The next part, and the reading of the one after it begins at once: the leader reads part
         * k+1 while the follower applies part k, instead of each side waiting for the other. The
         * follower asks for one part at a time, so the parts go out in order.
         */
        synchronized CompletableFuture<Response> next(long maxBytes) {
            lastUsed = System.nanoTime();
            CompletableFuture<FetchSnapshot.Response> part = ahead != null ? ahead : CompletableFuture.supplyAsync(() -> read(maxBytes), io);
            ahead = part.thenApplyAsync(r -> r.done() ? r : read(maxBytes), io);
            return part.thenApply(r -> {
                if (r.done()) { // handed out: the follower has it all
                    close();
                    LOG.info("full resync of follower {}: snapshot sent, {} records up to sequence {}", follower.nodeId, records, r.sequence());
                }
                return r;
            });
        }

        private synchronized FetchSnapshot.Response read(long maxBytes) {
            if (!snapshots.containsKey(id)) {
                throw new IllegalStateException("snapshot " + id + " is closed");
            }
            List<LogRecord> batch = snapshot.next((int) Math.min(Integer.MAX_VALUE, Math.max(1, maxBytes)));
            records += batch.size();
            long sequence = snapshot.sequence();
            int percent = sequence == 0 ? 100 : (int) (100 * snapshot.position() / sequence);
            if (!batch.isEmpty() && percent >= reportedPercent + 10) {
                reportedPercent = percent / 10 * 10;
                LOG.info("full resync of follower {}: {} records read, {}% of the log", follower.nodeId, records, reportedPercent);
            }
            return new FetchSnapshot.Response(RecordBatch.encode(batch), batch.isEmpty(), snapshot.position(), sequence);
        }

        synchronized void close() {
            snapshots.remove(id);
            snapshot.close();
        }
    }

    /** Closes snapshots nobody reads (a follower that died mid-resync) and forgets followers gone for longer than the retention. */
    private void expireIdle() {
        long now = System.nanoTime();
        for (SnapshotSession s : snapshots.values()) {
            if (now - s.lastUsed > TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_IDLE_MILLIS)) {
                LOG.warn("full resync of follower {}: no request for {} s, closing its snapshot", s.follower.nodeId, SNAPSHOT_IDLE_MILLIS / 1000);
                s.close();
            }
        }
        followers.values().removeIf(f -> now - f.lastSeen > options.retention().toNanos());
    }

    // ---- acknowledgements: WAIT, min-replicas, the floor ------------------------------------

    CompletableFuture<Response> await(Wait.Request request) {
        long target = request.version() > 0 ? request.version() : store.stats().lastSequence();
        PendingWait w = new PendingWait(target, request.replicas(), new CompletableFuture<>());
        long have = acknowledgedCount(target);
        if (have >= w.replicas || closed) {
            return CompletableFuture.completedFuture(new Wait.Response(have));
        }
        waits.add(w);
        if (request.timeoutMillis() > 0) { // 0 waits for as long as it takes, as Redis's WAIT
            timers.schedule(() -> {
                if (waits.remove(w)) {
                    w.answer.complete(new Wait.Response(acknowledgedCount(target)));
                }
            }, request.timeoutMillis(), TimeUnit.MILLISECONDS);
        }
        answerWaits(); // an acknowledgement may have come in while it was being registered
        return w.answer;
    }

    private void answerWaits() {
        for (PendingWait w : waits) {
            long have = acknowledgedCount(w.target);
            if (have >= w.replicas && waits.remove(w)) {
                w.answer.complete(new Wait.Response(have));
            }
        }
    }

    /** How many followers have acknowledged every record up to {@code sequence}. */
    long acknowledgedCount(long sequence) {
        // BEGIN SOLUTION chapter3.part4
        return followers.values().stream().filter(f -> "streaming".equals(f.state) && f.acked >= sequence).count();
        // STUB: throw new UnsupportedOperationException("chapter3.part4: count the streaming followers whose fetches acknowledged this sequence");
        // END SOLUTION
    }

    /** The error a write gets when too few followers are caught up, or empty if it may go ahead. */
    Optional<Response.Error> refuseWrite() {
        // BEGIN SOLUTION chapter3.part4
        if (options.minReplicas() == 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        long maxLag = options.minReplicasMaxLag().toNanos();
        long good = followers.values().stream().filter(f -> "streaming".equals(f.state) && now - f.lastSeen <= maxLag).count();
        if (good >= options.minReplicas()) {
            return Optional.empty();
        }
        return Optional.of(new Response.Error(Status.NOT_ENOUGH_REPLICAS, String.format(
                "this leader takes writes only while %d followers are caught up (fetched within %d ms); %d are",
                options.minReplicas(), options.minReplicasMaxLag().toMillis(), good)));
        // STUB: throw new UnsupportedOperationException("chapter3.part4: refuse the write while fewer followers than min-replicas fetched within the max lag");
        // END SOLUTION
    }

    /**
     * The compaction floor: the oldest position a follower heard from within the retention still
     * needs. Nothing below it is needed, so compaction may drop it; with no followers, everything.
     */
    long floor() {
        return followers.values().stream().mapToLong(FollowerSession::needsFrom).min().orElse(Long.MAX_VALUE);
    }

    List<ReplicationStatus.Follower> status() {
        long now = System.nanoTime();
        long last = store.stats().lastSequence();
        List<ReplicationStatus.Follower> out = new ArrayList<>();
        for (FollowerSession f : followers.values()) {
            long sinceSeen = TimeUnit.NANOSECONDS.toMillis(now - f.lastSeen);
            long lagMillis = f.acked >= last ? 0 : TimeUnit.NANOSECONDS.toMillis(now - f.caughtUpAt);
            String shown = sinceSeen > 5 * options.fetchWait().toMillis() + 1000 ? "gone" : f.state;
            out.add(new ReplicationStatus.Follower(f.nodeId, f.address, f.acked, Math.max(0, last - f.acked), lagMillis, sinceSeen, shown));
        }
        out.sort(java.util.Comparator.comparing(ReplicationStatus.Follower::nodeId));
        return out;
    }

    /** Answers what is parked and stops the threads; the store stays open. */
    @Override
    public void close() {
        closed = true;
        for (ParkedFetch p : parked) {
            if (parked.remove(p)) {
                p.answer.complete(nothingNew(p.state));
            }
        }
        for (PendingWait w : waits) {
            if (waits.remove(w)) {
                w.answer.complete(new Wait.Response(acknowledgedCount(w.target)));
            }
        }
        snapshots.values().forEach(SnapshotSession::close);
        timers.shutdownNow();
        io.shutdown();
    }

    // ---- what the leader keeps per follower --------------------------------------------------

    /** One follower as the leader knows it; its fields change with every fetch. */
    private static final class FollowerSession {
        final String nodeId;
        volatile String address = "";
        volatile long acked;
        volatile long resyncFrom = -1; // a full resync's snapshot sequence, until the follower fetches past it
        volatile long lastSeen = System.nanoTime();
        volatile long caughtUpAt = System.nanoTime();
        volatile String state = "new";
        volatile long connection;
        LogCursor cursor; // guarded by this

        FollowerSession(String nodeId) {
            this.nodeId = nodeId;
        }

        void seen(String address) {
            this.address = address;
            this.lastSeen = System.nanoTime();
        }

        void acknowledged(long offset, long leaderSequence) {
            acked = offset;
            resyncFrom = -1;
            if (offset >= leaderSequence) {
                caughtUpAt = System.nanoTime();
            }
        }

        void resyncing(long snapshotSequence) {
            resyncFrom = snapshotSequence;
            state = "full-resync";
            cursor = null;
        }

        long needsFrom() {
            return resyncFrom >= 0 ? resyncFrom : acked;
        }
    }

    private static final class ParkedFetch {
        final FollowerSession follower;
        final Fetch.Request request;
        final ReplicationState state;
        final CompletableFuture<Response> answer;
        volatile java.util.concurrent.ScheduledFuture<?> timeout;

        ParkedFetch(FollowerSession follower, Fetch.Request request, ReplicationState state, CompletableFuture<Response> answer) {
            this.follower = follower;
            this.request = request;
            this.state = state;
            this.answer = answer;
        }
    }

    private record PendingWait(long target, long replicas, CompletableFuture<Response> answer) {
    }
}
