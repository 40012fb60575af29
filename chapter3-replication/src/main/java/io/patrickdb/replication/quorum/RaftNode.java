package io.patrickdb.replication.quorum;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import io.patrickdb.index.Durability;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.replication.raft.Entry;
import io.patrickdb.replication.raft.Membership;
import io.patrickdb.replication.raft.RaftCore;
import io.patrickdb.replication.raft.RaftMessage;
import io.patrickdb.replication.raft.ReadState;
import io.patrickdb.replication.raft.Ready;
import io.patrickdb.replication.raft.SnapshotMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver around a {@link RaftCore}: one thread that owns the core, the disk and the state
 * machine, and does, over and over, what {@link Ready} asks in the order it asks it. Other threads
 * (the server's event loops, which receive peers' messages and clients' requests) never touch the
 * core: they hand the Raft thread a task through a queue and get a future back.
 *
 * <p>One turn of the loop:
 * <ol>
 *   <li>run every task queued since the last turn (messages from peers, proposals, reads), and
 *       tick the core for each tick's worth of time that passed;</li>
 *   <li>take the core's {@link Ready}; send the leader's appends at once, then write the batch's
 *       entries and hard state with one fsync: the leader's disk and its followers' disks work at
 *       the same time. This is safe because the leader counts its own copy toward a majority only
 *       when it handles the next answer, on a later turn, after its own fsync returned;</li>
 *   <li>only then send every other message: a vote, or a follower's "I have it", is never seen
 *       before it is on disk;</li>
 *   <li>apply the committed entries to the store, complete each proposal's future with its result,
 *       and serve the reads whose index the store has reached.</li>
 * </ol>
 * Every proposal that arrives while the thread is busy with an fsync waits in the queue and goes
 * into the next batch: that is the group commit. The writes an event loop receives in one pass
 * over its connections are handed over together, as one task ({@link #gather}), so that they
 * share a batch too.
 *
 * <p>The store is the state machine and holds nothing the log does not: it lives in
 * {@code state/} and is rebuilt from the log when the node starts, so that it never has a write
 * that is not committed, or misses one that is.
 *
 * <p>Reads that need no round are not even queued: after each turn the Raft thread publishes until
 * when a read of the store, on whatever thread, is linearizable as it stands ({@link #readsLocally()}).
 * That is forever for the leader of a group it is the only voter of (a single-node group: no other
 * node can lead without its vote, and the turn that gives a vote away first ends the promise), and
 * until its lease lapses for a leader with a lease. Either way only once the leader has applied an
 * entry of its own term, so that every write an earlier leader acknowledged is in the store.
 *
 * <p>If the disk fails (it is full, say), the node stops: it answers no one, and the group goes on
 * without it. Raft tolerates a node that stops; it cannot tolerate one that goes on after it lost
 * what it acknowledged.
 */
final class RaftNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    /**
     * Timing: a tick is {@code tickMillis}; elections, heartbeats and the read lease (0: none) are
     * in ticks, as {@link RaftCore.Config}; a snapshot is taken every {@code snapshotEvery} applied
     * entries.
     */
    record Timing(int tickMillis, int electionTicks, int heartbeatTicks, long snapshotEvery, int leaseTicks) {
        /**
         * 10 ms ticks, elections after 300-600 ms of silence, heartbeats every 50 ms, a snapshot
         * every 100,000 entries (etcd 3.4's default), and ReadIndex reads.
         */
        static Timing defaults() {
            return new Timing(10, 30, 5, 100_000, 0);
        }

        Timing withElectionTicks(int ticks) {
            return new Timing(tickMillis, ticks, heartbeatTicks, snapshotEvery, leaseTicks == 0 ? 0 : leaseFor(ticks));
        }

        Timing withSnapshotEvery(long entries) {
            return new Timing(tickMillis, electionTicks, heartbeatTicks, entries, leaseTicks);
        }

        /** Lease-based reads, with a lease of {@link #leaseFor} the election timeout. */
        Timing withLeaseReads() {
            return new Timing(tickMillis, electionTicks, heartbeatTicks, snapshotEvery, leaseFor(electionTicks));
        }

        /**
         * The election timeout less the margin {@link RaftCore.Config} explains: two ticks of
         * rounding, and an eighth (rounded up) for drift and pauses; 24 ticks of 30.
         */
        static int leaseFor(int electionTicks) {
            return Math.max(0, electionTicks - 2 - (electionTicks + 7) / 8);
        }
    }

    /** Thrown into futures when this node is not (or no longer) the leader; names the leader if known. */
    static final class NotLeaderException extends RuntimeException {
        private final String leaderId;

        NotLeaderException(String leaderId, String message) {
            super(message, null, false, false);
            this.leaderId = leaderId;
        }

        /** The leader this node knows of, or null. */
        String leaderId() {
            return leaderId;
        }
    }

    private record Pending(long term, CompletableFuture<WriteResult> result) {
    }

    /** An encoded command on its way to the Raft thread, and the future its result goes to. */
    private record Proposal(byte[] command, CompletableFuture<WriteResult> result) {
    }

    private record PendingChange(long term, CompletableFuture<Void> done) {
    }

    private record ReadBatch(long index, List<CompletableFuture<Void>> waiters) {
    }

    private final String id;
    private final Timing timing;
    private final Path snapshotDir;
    private final java.util.concurrent.ExecutorService snapshotWriter = java.util.concurrent.Executors.newSingleThreadExecutor(
            new io.netty.util.concurrent.DefaultThreadFactory("raft-snapshot-writer", true));
    private long latestSnapshot; // the index of the newest snapshot on disk, 0 for none
    private boolean snapshotting;
    private final RaftStorage storage;
    private final RaftCore core;
    private final StateMachine machine;
    private final LogStructuredStore store;
    private final Consumer<RaftMessage> send;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final ThreadLocal<List<Proposal>> gathering = new ThreadLocal<>(); // an event loop's proposals of its current pass
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, PendingChange> pendingChanges = new HashMap<>();
    private final java.util.function.BiConsumer<String, String> learnAddress;
    private final Map<Long, List<CompletableFuture<Void>>> readsInFlight = new HashMap<>();
    private final PriorityQueue<ReadBatch> readsAwaitingApply = new PriorityQueue<>(Comparator.comparingLong(ReadBatch::index));
    private List<CompletableFuture<Void>> readsToStart = new ArrayList<>();
    private long nextReadId;
    private long logBatches; // see NodeView
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile NodeView view;
    private volatile long localReadsUntil; // see readsLocally(); 0: no, FOREVER: as long as it stays so
    private static final long FOREVER = Long.MAX_VALUE;

    /**
     * What other threads may read about the node without asking its thread: a snapshot after each
     * turn. {@code logBatches} counts the batches of entries written to the log, one fsync each.
     */
    record NodeView(RaftCore.Role role, long term, String leader, long snapshotIndex, long lastIndex, long commit, long applied,
                    List<String> voters, List<String> learners, Map<String, Long> match, long logBatches) {
    }

    private RaftNode(String id, Path dir, java.util.Set<String> voters, Timing timing, Consumer<RaftMessage> send,
                     java.util.function.BiConsumer<String, String> learnAddress, long seed) {
        this.id = id;
        this.timing = timing;
        this.send = send;
        this.learnAddress = learnAddress;
        this.snapshotDir = SnapshotFile.directory(dir);
        this.machine = new StateMachine(10_000);
        this.store = LogStructuredStore.open(StoreOptions.in(emptied(dir.resolve("state")))
                .withDurability(Durability.NEVER).withClock(machine.clock()));
        try {
            machine.attach(store);
            SnapshotMeta snapshot = restoreLatestSnapshot();
            this.storage = RaftStorage.open(dir, id, snapshot);
            RaftCore.Config config = new RaftCore.Config(id, voters, timing.electionTicks(), timing.heartbeatTicks(), 256,
                    timing.leaseTicks());
            this.core = new RaftCore(config, storage.restored(voters, snapshot), new Random(seed));
            machine.addresses().forEach(learnAddress);
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException("cannot start raft node " + id + " in " + dir, e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.view = viewOf();
        this.thread = new Thread(this::run, "raft-" + id);
    }

    /**
     * Starts node {@code id} of a group whose voters are {@code voters} (used only when the data
     * directory is new: after that, the membership is what the log says).
     *
     * @param voters       the voters of a new group; empty for a node that joins a group (it waits to be added)
     * @param send         hands a message to the network; must not block
     * @param learnAddress told where a node added by a membership change serves
     */
    static RaftNode start(String id, Path dir, java.util.Set<String> voters, Timing timing, Consumer<RaftMessage> send,
                          java.util.function.BiConsumer<String, String> learnAddress) {
        RaftNode node = new RaftNode(id, dir, voters, timing, send, learnAddress, System.nanoTime());
        node.thread.start();
        return node;
    }

    /** Fills the store from the newest snapshot on disk, if there is one, and returns its position. */
    private SnapshotMeta restoreLatestSnapshot() throws IOException {
        Files.createDirectories(snapshotDir);
        try (Stream<Path> files = Files.list(snapshotDir)) {
            for (Path leftover : files.filter(p -> p.toString().endsWith(".tmp") || p.toString().endsWith(".part")).toList()) {
                Files.delete(leftover); // a snapshot being written or received when the node stopped
            }
        }
        java.util.Optional<Path> latest = SnapshotFile.latest(snapshotDir);
        if (latest.isEmpty()) {
            return null;
        }
        SnapshotFile.Header header = machine.restore(latest.get());
        latestSnapshot = header.meta().index();
        LOG.info("raft node {} restored snapshot {} (term {}, {} keys)", id, latestSnapshot, header.meta().term(),
                store.stats().keys());
        return header.meta();
    }

    private static Path emptied(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }

    // ---- what other threads call ------------------------------------------------------------

    /** Hands a peer's message to the core. */
    void receive(RaftMessage message) {
        post(new CompletableFuture<>(), () -> core.step(message));
    }

    /**
     * Proposes a write; the future completes with its result once it is committed and applied
     * here, or fails with {@link NotLeaderException} if this node does not lead or stops leading
     * before that (the write may still be committed by the next leader: a client with a session
     * sends it again).
     */
    CompletableFuture<WriteResult> propose(Command command) {
        Proposal proposal = new Proposal(command.encode(), new CompletableFuture<>());
        // Netty's own map from a thread to the event loop it runs (internal, but public and stable
        // since 4.1): a handler is not told its loop, and this keeps the Service interface small.
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null || !loop.inEventLoop()) {
            post(proposal.result(), () -> proposeNow(proposal));
        } else {
            gather(loop, proposal);
        }
        return proposal.result();
    }

    /**
     * On an event loop: adds the proposal to the ones this loop made in its current pass, which
     * go to the Raft thread together, as one task, once the pass has read every connection that
     * had requests. Netty runs a loop's tasks after its I/O, so the task that hands them over,
     * queued with the pass's first proposal, runs when the pass is done. One hand-over per pass
     * instead of one per write: the Raft thread wakes once and writes them all with one fsync,
     * where it would otherwise wake at the first, fsync it alone, and leave the rest for the next
     * fsync. A lone write waits for nothing: its pass ends at once.
     */
    private void gather(EventExecutor loop, Proposal proposal) {
        List<Proposal> batch = gathering.get();
        if (batch == null) {
            List<Proposal> pass = new ArrayList<>();
            gathering.set(pass);
            try {
                loop.execute(() -> {
                    gathering.remove();
                    if (failure != null || !running) {
                        pass.forEach(p -> p.result().completeExceptionally(stopped()));
                    } else {
                        inbox.add(() -> pass.forEach(this::proposeNow));
                    }
                });
            } catch (RejectedExecutionException e) { // the loop is shutting down: hand it over alone
                gathering.remove();
                post(proposal.result(), () -> proposeNow(proposal));
                return;
            }
            batch = pass;
        }
        batch.add(proposal);
    }

    /** On the Raft thread: appends a proposal to the log, or fails it if this node does not lead. */
    private void proposeNow(Proposal proposal) {
        long index = core.propose(proposal.command());
        if (index < 0) {
            proposal.result().completeExceptionally(notLeader());
        } else {
            pending.put(index, new Pending(core.term(), proposal.result()));
        }
    }

    /**
     * Proposes a change of one node's membership ({@link Membership}); the future completes once
     * the change is committed and applied here, and fails if this node does not lead, if another
     * change is not committed yet, or if the change does not apply (adding a member, say).
     *
     * @param context what the CONFIG entry carries for the drivers: {@code id=host:port} for an addition
     */
    CompletableFuture<Void> changeMembership(Membership.Change change, String node, String context) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(done, () -> {
            long index = core.proposeMembership(change, node, context);
            if (index >= 0) {
                pendingChanges.put(index, new PendingChange(core.term(), done));
            } else if (core.role() != RaftCore.Role.LEADER) {
                done.completeExceptionally(notLeader());
            } else {
                done.completeExceptionally(new IllegalStateException("cannot " + change.name().toLowerCase(java.util.Locale.ROOT)
                        + " " + node + " now: the membership is " + core.voters() + " voting, " + core.learners()
                        + " learning, and a change is only accepted one at a time, once this leader has committed an entry"));
            }
        });
        return done;
    }

    /**
     * Completes when a read of the store would be linearizable: this node has confirmed with a
     * majority that it still leads (ReadIndex) and has applied everything committed when the read
     * arrived. Reads that arrive together share one round of heartbeats.
     */
    CompletableFuture<Void> readBarrier() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        post(ready, () -> readsToStart.add(ready));
        return ready;
    }

    /**
     * Whether a read of the store now, on the calling thread, is linearizable without a
     * {@link #readBarrier()}: this node leads and no other node can have been elected since, as
     * of the Raft thread's last turn. True for the leader of a group of one voter, and for a
     * leader whose read lease holds; never with ReadIndex reads in a group of several voters.
     */
    boolean readsLocally() {
        long until = localReadsUntil;
        return until == FOREVER || (until != 0 && until - System.nanoTime() > 0);
    }

    /** The store, for reads after {@link #readBarrier()} (and for stale reads). */
    LogStructuredStore store() {
        return store;
    }

    String id() {
        return id;
    }

    /** The node as of the end of the Raft thread's last turn. */
    NodeView view() {
        return view;
    }

    /** Why the node stopped, if it did. */
    Throwable failure() {
        return failure;
    }

    /** Queues a task for the Raft thread, or fails {@code caller} at once if the thread has stopped. */
    private void post(CompletableFuture<?> caller, Runnable task) {
        if (failure != null || !running) {
            caller.completeExceptionally(stopped());
            return;
        }
        inbox.add(task);
    }

    private IllegalStateException stopped() {
        return new IllegalStateException("raft node " + id + " is stopped", failure);
    }

    // ---- the Raft thread ----------------------------------------------------------------------

    private void run() {
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(timing.tickMillis());
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (running) {
                RaftCore.Role before = core.role(); // before the turn: a tick or a message may end the leadership
                long term = core.term();
                long wait = nextTick - System.nanoTime();
                Runnable task = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
                for (int n = 0; task != null && n < 100_000; n++) {
                    task.run();
                    task = inbox.poll();
                }
                if (task != null) {
                    task.run();
                }
                nextTick = keepTime(nextTick, tickNanos);
                startReads();
                handleReady(core.ready());
                if (core.role() != before || core.term() != term) {
                    roleChanged(before, term);
                }
                maybeSnapshot();
                view = viewOf();
                localReadsUntil = localReadDeadline(nextTick, tickNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            localReadsUntil = 0;
            failure = e;
            LOG.error("raft node {} stopped: {}", id, e.toString(), e);
            failPending("stopped: " + e);
        }
    }

    /**
     * Until when (System.nanoTime) reads may skip the Raft thread, as of now, the end of a turn:
     * {@link #FOREVER} for the sole voter (until a later turn says otherwise), the tick at which
     * the lease lapses (ticks fall due at {@code nextTick} and every {@code tickNanos} after it),
     * or 0.
     */
    private long localReadDeadline(long nextTick, long tickNanos) {
        boolean upToDate = core.role() == RaftCore.Role.LEADER && core.termAt(core.commitIndex()) == core.term()
                && machine.applied() >= core.commitIndex();
        if (!upToDate) {
            return 0;
        }
        java.util.Set<String> voters = core.voters();
        if (voters.size() == 1 && voters.contains(id)) {
            return FOREVER;
        }
        long ticksLeft = core.leaseTicksLeft();
        return ticksLeft == 0 ? 0 : nextTick + (ticksLeft - 1) * tickNanos;
    }

    /**
     * Ticks the core once for each tick's worth of time that passed, and returns when the next
     * tick is due. After a pause (a stopped process, a long GC) the missed ticks are made up at
     * once, before any read is started, so that a leader that slept through its lease or through
     * an election timeout finds out first (check-quorum steps it down within two timeouts' worth).
     * More than that would change nothing, so a longer pause is made up only that far.
     */
    private long keepTime(long nextTick, long tickNanos) {
        long now = System.nanoTime();
        for (int made = 0; now >= nextTick; made++) {
            if (made > 2 * timing.electionTicks()) {
                return now + tickNanos;
            }
            core.tick();
            nextTick += tickNanos;
        }
        return nextTick;
    }

    /** Logs a change of role or term; a leader that stopped leading fails what it could not finish. */
    private void roleChanged(RaftCore.Role before, long term) {
        if (core.role() == RaftCore.Role.LEADER) {
            LOG.info("raft node {} leads in term {} (log at {}, commit {})", id, core.term(), core.lastIndex(), core.commitIndex());
        } else if (before == RaftCore.Role.LEADER) {
            LOG.info("raft node {} stopped leading: {} in term {}", id, core.role().name().toLowerCase(java.util.Locale.ROOT), core.term());
            failPending("stopped leading in term " + term);
        } else if (core.role() == RaftCore.Role.FOLLOWER && core.leader() != null && core.term() != term) {
            LOG.info("raft node {} follows {} in term {}", id, core.leader(), core.term());
        } else if (core.role() == RaftCore.Role.CANDIDATE || core.role() == RaftCore.Role.PRE_CANDIDATE) {
            LOG.info("raft node {} is a {} for term {} (log at {} of term {})", id, core.role().name().toLowerCase(java.util.Locale.ROOT),
                    core.term() + (core.role() == RaftCore.Role.PRE_CANDIDATE ? 1 : 0), core.lastIndex(), core.termAt(core.lastIndex()));
        }
    }

    private void startReads() {
        if (readsToStart.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> batch = readsToStart;
        readsToStart = new ArrayList<>();
        long readId = ++nextReadId;
        if (core.requestRead(readId)) {
            readsInFlight.put(readId, batch);
        } else {
            NotLeaderException e = notLeader();
            batch.forEach(f -> f.completeExceptionally(e));
        }
    }

    private void handleReady(Ready ready) throws IOException {
        if (ready.isEmpty()) {
            return;
        }
        List<RaftMessage> afterPersist = new ArrayList<>();
        for (RaftMessage m : ready.messages()) {
            if (m instanceof RaftMessage.AppendRequest) {
                send.accept(m); // see the class comment: the leader's own fsync runs meanwhile
            } else {
                afterPersist.add(m);
            }
        }
        SnapshotMeta installed = ready.snapshot();
        if (installed != null) { // a leader's snapshot, already in its file: the log makes room for it
            storage.installed(installed, core.lastIndex() > installed.index());
        }
        storage.persist(ready);
        if (!ready.entries().isEmpty()) {
            logBatches++;
        }
        afterPersist.forEach(send);
        if (installed != null) {
            machine.restore(SnapshotFile.pathFor(snapshotDir, installed.index()));
            machine.addresses().forEach(learnAddress);
            latestSnapshot = installed.index();
            SnapshotFile.deleteBefore(snapshotDir, installed.index());
            LOG.info("raft node {} installed the leader's snapshot {} ({} keys)", id, installed.index(), store.stats().keys());
        }
        boolean membershipChanged = false;
        for (Entry e : ready.committed()) {
            WriteResult result = machine.apply(e);
            Pending p = pending.remove(e.index());
            if (p != null) {
                complete(p, e, result);
            }
            PendingChange change = pendingChanges.remove(e.index());
            if (change != null) {
                if (change.term() == e.term()) {
                    change.done().complete(null);
                } else {
                    change.done().completeExceptionally(new NotLeaderException(core.leader(), "the change was replaced by another leader's entry"));
                }
            }
            membershipChanged |= e.type() == Entry.Type.CONFIG;
        }
        if (membershipChanged) {
            machine.addresses().forEach(learnAddress);
        }
        for (ReadState read : ready.reads()) {
            List<CompletableFuture<Void>> waiters = readsInFlight.remove(read.id());
            if (waiters != null) {
                readsAwaitingApply.add(new ReadBatch(read.index(), waiters));
            }
        }
        while (!readsAwaitingApply.isEmpty() && readsAwaitingApply.peek().index() <= machine.applied()) {
            readsAwaitingApply.poll().waiters().forEach(f -> f.complete(null));
        }
        for (long dropped : ready.droppedReads()) {
            List<CompletableFuture<Void>> waiters = readsInFlight.remove(dropped);
            if (waiters != null) {
                NotLeaderException e = notLeader();
                waiters.forEach(f -> f.completeExceptionally(e));
            }
        }
    }

    /**
     * Every {@code snapshotEvery} entries, writes a snapshot of the state machine as it is now, on
     * a thread of its own: the Raft thread only notes the position and opens the store's exact
     * snapshot, which is instant, and goes on applying while the file is written.
     */
    private void maybeSnapshot() {
        long applied = machine.applied();
        if (snapshotting || applied - latestSnapshot < timing.snapshotEvery() || applied <= core.snapshotIndex()) {
            return;
        }
        SnapshotMeta meta = core.snapshotMetaAt(applied);
        SnapshotFile.Header header = machine.header(meta);
        io.patrickdb.index.Snapshot records = store.exactSnapshot();
        snapshotting = true;
        snapshotWriter.execute(() -> {
            try (records) {
                SnapshotFile.write(snapshotDir, header, records);
                post(new CompletableFuture<>(), () -> snapshotWritten(meta));
            } catch (IOException | RuntimeException e) {
                LOG.error("raft node {} could not write snapshot {}: {}", id, meta.index(), e.toString());
                post(new CompletableFuture<>(), () -> snapshotting = false);
            }
        });
    }

    /**
     * A snapshot is on disk. The core and the log are compacted up to the snapshot before it, not
     * up to this one: a follower a few thousand entries behind still catches up from the log
     * instead of needing the whole snapshot. The snapshot before that one is deleted.
     */
    private void snapshotWritten(SnapshotMeta meta) {
        snapshotting = false;
        if (meta.index() <= latestSnapshot) {
            return; // a leader's newer snapshot was installed meanwhile
        }
        long previous = latestSnapshot;
        latestSnapshot = meta.index();
        LOG.info("raft node {} wrote snapshot {}", id, meta.index());
        if (previous > core.snapshotIndex()) {
            core.compact(previous, new byte[0]);
            storage.dropThrough(previous);
            try {
                SnapshotFile.deleteBefore(snapshotDir, previous);
            } catch (IOException e) {
                LOG.warn("raft node {} could not delete old snapshots: {}", id, e.toString());
            }
        }
    }

    private void complete(Pending p, Entry e, WriteResult result) {
        if (e.term() != p.term()) {
            p.result().completeExceptionally(new NotLeaderException(core.leader(),
                    "the write was replaced by another leader's entry at index " + e.index() + "; send it again"));
        } else if (result == null) {
            p.result().completeExceptionally(new IllegalStateException(
                    "the client's session expired: this write is older than its last one, and was not applied"));
        } else {
            p.result().complete(result);
        }
    }

    private void failPending(String why) {
        NotLeaderException e = new NotLeaderException(core.leader(), "node " + id + " " + why
                + ": the write may or may not be committed; send it again");
        pending.values().forEach(p -> p.result().completeExceptionally(e));
        pending.clear();
        pendingChanges.values().forEach(p -> p.done().completeExceptionally(e));
        pendingChanges.clear();
        readsInFlight.values().forEach(list -> list.forEach(f -> f.completeExceptionally(e)));
        readsInFlight.clear();
        readsToStart.forEach(f -> f.completeExceptionally(e));
        readsToStart.clear();
    }

    private NotLeaderException notLeader() {
        String leader = core.leader();
        return new NotLeaderException(leader, leader == null || leader.equals(id)
                ? "node " + id + " does not lead and knows no leader (an election may be under way); try again"
                : "node " + id + " does not lead; " + leader + " does");
    }

    private NodeView viewOf() {
        return new NodeView(core.role(), core.term(), core.leader(), core.snapshotIndex(), core.lastIndex(), core.commitIndex(),
                machine.applied(),
                List.copyOf(core.voters()), List.copyOf(core.learners()), core.matchIndexes(), logBatches);
    }

    /** Stops the thread, then closes the store and the log. */
    @Override
    public void close() {
        running = false;
        localReadsUntil = 0;
        inbox.add(() -> { }); // wakes the thread; an interrupt could close a file it is writing
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failPending("is shutting down");
        snapshotWriter.shutdownNow();
        store.close();
        storage.close();
    }
}
