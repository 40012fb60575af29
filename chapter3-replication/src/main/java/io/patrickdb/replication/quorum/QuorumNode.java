package io.patrickdb.replication.quorum;

import io.patrickdb.index.Limits;
import io.patrickdb.index.Versioned;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.RequestRejectedException;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import io.patrickdb.replication.protocol.LocalGet;
import io.patrickdb.replication.protocol.MembershipChange;
import io.patrickdb.replication.protocol.RaftPeer;
import io.patrickdb.replication.protocol.RaftSnapshotChunk;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.replication.protocol.SessionWrite.Kind;
import io.patrickdb.replication.protocol.SessionWrite.Outcome;
import io.patrickdb.replication.raft.Membership;
import io.patrickdb.server.HandlerTable;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.server.StoreService;
import io.patrickdb.index.CasResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of a quorum group: chapter 2's server, answering clients and peers on one port, in front
 * of a {@link RaftNode}. Writes become commands in the Raft log and are answered once committed
 * and applied; reads wait for a ReadIndex barrier, so that what a client reads is never older than
 * a write that was acknowledged before the read began; peers' messages go straight to the Raft
 * thread. A node that does not lead answers {@code NOT_LEADER} with the leader's address (tag 0)
 * and id (tag 1), when it knows them.
 */
public final class QuorumNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumNode.class);
    /** Tags of a {@code NOT_LEADER} error: the leader's address and id. */
    public static final int LEADER_ADDRESS_TAG = 0;
    public static final int LEADER_ID_TAG = 1;

    private final String id;
    private final Peers peers;
    private final RaftNode raft;
    private final StoreService storeService;
    private final Forwarder forwarder = new Forwarder();
    private final SnapshotReceiver snapshots;
    private final PatrickServer server;

    /**
     * Settings of one node.
     *
     * @param peers every voter of a new group, this node included: id to "host:port" (the address
     *              by which the others reach it), or to "" if it is not known yet ({@link #learnPeer})
     */
    public record Options(String nodeId, Path dataDir, Map<String, String> peers, RaftNode.Timing timing, boolean join) {
        public Options {
            peers = Map.copyOf(peers);
            if (!peers.containsKey(nodeId)) {
                throw new IllegalArgumentException("the peers (" + peers.keySet() + ") must include this node, " + nodeId);
            }
        }

        public static Options of(String nodeId, Path dataDir, Map<String, String> peers) {
            return new Options(nodeId, dataDir, peers, RaftNode.Timing.defaults(), false);
        }

        /**
         * These options for a node that joins a running group: it starts with no membership, so it
         * never campaigns, and waits until the group adds it ({@code cluster add-node}); the peers
         * are the group's members, for the node to know where they are.
         */
        public Options joining() {
            return new Options(nodeId, dataDir, peers, timing, true);
        }

        /** These options with elections after {@code ticks} to twice that of silence (10 ms ticks). */
        public Options withElectionTicks(int ticks) {
            return new Options(nodeId, dataDir, peers, timing.withElectionTicks(ticks), join);
        }

        /** These options with a snapshot taken every {@code entries} applied entries. */
        public Options withSnapshotEvery(long entries) {
            return new Options(nodeId, dataDir, peers, timing.withSnapshotEvery(entries), join);
        }

        /**
         * These options with lease-based reads: while a majority answered this leader within the
         * lease (the election timeout less a margin for clock drift and pauses, see
         * {@link io.patrickdb.replication.raft.RaftCore.Config}), a linearizable read needs no
         * heartbeat round. Faster, and safe only while the nodes' clocks run at about the same rate
         * (not on a virtual machine that can be suspended: its clock stops meanwhile).
         */
        public Options withLeaseReads() {
            return new Options(nodeId, dataDir, peers, timing.withLeaseReads(), join);
        }

        /** Whether reads use a lease (else ReadIndex: a heartbeat round per batch of reads). */
        public boolean leaseReads() {
            return timing.leaseTicks() > 0;
        }
    }

    /**
     * What a later chapter puts in front of a node: operations of its own, and a first look at
     * every request before the node's handlers (chapter 4 checks there that the node's group owns
     * the key's slot). {@link #NONE} puts nothing.
     */
    public interface Front {
        /** No front: the node's own protocol and handlers. */
        Front NONE = new Front() {
            @Override
            public io.patrickdb.protocol.Protocol protocol() {
                return ReplicationProtocol.v1();
            }

            @Override
            public io.patrickdb.server.Service wrap(QuorumNode node, io.patrickdb.server.Service requests) {
                return requests;
            }
        };

        /** The protocol the node speaks: chapter 3's, with the front's operations added. */
        io.patrickdb.protocol.Protocol protocol();

        /**
         * The service that answers the node's clients, given the node's own ({@code requests}).
         * Called while the node starts, before it serves: keep {@code node}, do not call it yet.
         */
        io.patrickdb.server.Service wrap(QuorumNode node, io.patrickdb.server.Service requests);
    }

    private QuorumNode(Options options, ServerOptions serverOptions, Front front) {
        this.id = options.nodeId();
        this.peers = new Peers(options.peers(), SnapshotFile.directory(options.dataDir()));
        this.raft = RaftNode.start(id, options.dataDir(), options.join() ? java.util.Set.of() : options.peers().keySet(),
                options.timing(), peers::send, peers::learn);
        this.snapshots = new SnapshotReceiver(id, SnapshotFile.directory(options.dataDir()), raft::receive);
        try {
            this.storeService = StoreService.over(raft.store());
            this.server = PatrickServer.start(serverOptions.withProtocol(front.protocol()), front.wrap(this, handlers()));
        } catch (RuntimeException e) {
            raft.close();
            peers.close();
            snapshots.close();
            throw e;
        }
        LOG.info("node {} of group {} serving at {}", id, options.peers().keySet(), address());
    }

    /** Starts a node: it opens its log, rebuilds its store from it, and serves. */
    public static QuorumNode start(Options options, ServerOptions serverOptions) {
        return new QuorumNode(options, serverOptions, Front.NONE);
    }

    /** Starts a node with {@code front} before its handlers. */
    public static QuorumNode start(Options options, ServerOptions serverOptions, Front front) {
        return new QuorumNode(options, serverOptions, front);
    }

    private HandlerTable handlers() {
        return HandlerTable.over(storeService) // ping and stats; every read and write is below
                .on(RaftPeer.Request.class, this::peerMessage)
                .on(RaftSnapshotChunk.Request.class, chunk -> snapshots.receive(chunk))
                .on(RaftStatus.Request.class, request -> CompletableFuture.completedFuture(status()))
                .on(MembershipChange.Request.class, change -> forwardedIfFollower(change, () -> membership(change)))
                .on(LocalGet.Request.class, get -> CompletableFuture.completedFuture(new LocalGet.Response(read(get.key()),
                        raft.view().applied())))
                .on(Request.Get.class, get -> forwardedIfFollower(get, () -> afterBarrier(() -> new Response.Get(read(get.key())))))
                .on(Request.MultiGet.class, multi -> forwardedIfFollower(multi, () -> afterBarrier(() -> {
                    List<Optional<Versioned>> values = new ArrayList<>(multi.keys().size());
                    multi.keys().forEach(key -> values.add(read(key)));
                    return new Response.MultiGet(values);
                })))
                .on(Request.Put.class, put -> forwardedIfFollower(put, () -> write(command(Kind.PUT, "", 0, put.key(), put.value(),
                        0, put.ttl())).thenApply(r -> new Response.Put(r.version()))))
                .on(Request.Delete.class, delete -> forwardedIfFollower(delete, () -> write(command(Kind.DELETE, "", 0,
                        delete.key(), new byte[0], 0, Duration.ZERO)).thenApply(r -> new Response.Delete(r.outcome() == Outcome.DONE))))
                .on(Request.CompareAndSet.class, cas -> forwardedIfFollower(cas, () -> write(command(Kind.COMPARE_AND_SET, "", 0,
                        cas.key(), cas.value(), cas.expectedVersion(), cas.ttl()))
                        .thenApply(r -> new Response.CompareAndSet(new CasResult(r.outcome() == Outcome.DONE, r.version())))))
                .on(SessionWrite.Request.class, w -> write(command(w.kind(), w.client(), w.seq(), w.key(), w.value(),
                        w.expectedVersion(), Duration.ofMillis(w.ttlMillis())))
                        .thenApply(r -> new SessionWrite.Response(r.outcome(), r.version())));
    }

    private CompletableFuture<io.patrickdb.protocol.Response> peerMessage(RaftPeer.Request request) {
        if (!request.message().to().equals(id)) {
            return CompletableFuture.completedFuture(new Response.Error(Status.MALFORMED,
                    "a raft message for " + request.message().to() + " reached node " + id));
        }
        raft.receive(request.message());
        return CompletableFuture.completedFuture(new RaftPeer.Response());
    }

    /**
     * Runs a request of chapter 2's client here if this node leads, and otherwise hands it to the
     * leader and relays the answer: chapter 2's client, the REST gateway and the command line work
     * against any node. A node forwards only to the leader it knows in its own term, and a node that
     * knows no leader answers {@code NOT_LEADER} itself; since a node that led in a term and no
     * longer does knows a leader only of a later term, a forwarded request can only travel towards
     * higher terms, and never goes round in a circle. The session writes of {@link QuorumClient}
     * are not forwarded: that client finds the leader itself.
     */
    private CompletableFuture<io.patrickdb.protocol.Response> forwardedIfFollower(Request request,
            java.util.function.Supplier<CompletableFuture<io.patrickdb.protocol.Response>> local) {
        CompletableFuture<io.patrickdb.protocol.Response> here;
        try {
            here = local.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return here.exceptionallyCompose(failure -> {
            Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            Optional<String> leader = e instanceof RequestRejectedException r && r.error().status().equals(Status.NOT_LEADER)
                    ? r.error().tags().get(LEADER_ADDRESS_TAG).map(bytes -> Protocol.decode(bytes, io.patrickdb.protocol.BodyReader::string))
                    : Optional.empty();
            if (leader.isEmpty()) {
                return CompletableFuture.failedFuture(e);
            }
            return forwarder.to(leader.get()).call(request).exceptionally(unreachable -> new Response.Error(Status.UNAVAILABLE,
                    "node " + id + " could not hand the request to its leader at " + leader.get() + ": " + unreachable.getMessage()));
        });
    }

    /** A command for the log, checked here so that nothing the store would refuse is ever committed. */
    private static Command command(Kind kind, String client, long seq, String key, byte[] value, long expected, Duration ttl) {
        Limits.checkKey(key);
        Limits.defaults().checkValue(value);
        long now = System.currentTimeMillis();
        long expiresAt = ttl.isZero() || ttl.isNegative() ? 0 : now + ttl.toMillis();
        return new Command(kind, client, seq, now, key, value, expected, expiresAt);
    }

    private CompletableFuture<WriteResult> write(Command command) {
        return translated(raft.propose(command));
    }

    /** Reads here and now if that is linearizable ({@link RaftNode#readsLocally()}), else after a ReadIndex barrier. */
    private CompletableFuture<io.patrickdb.protocol.Response> afterBarrier(
            java.util.function.Supplier<io.patrickdb.protocol.Response> read) {
        if (raft.readsLocally()) {
            return CompletableFuture.completedFuture(read.get());
        }
        return translated(raft.readBarrier()).thenApply(ready -> read.get());
    }

    /** The value of {@code key} as the store has it, unless it has expired by this node's clock. */
    private Optional<Versioned> read(String key) {
        long now = System.currentTimeMillis();
        return raft.store().getVersioned(key).filter(v -> v.expiresAt() == 0 || v.expiresAt() > now);
    }

    /** The Raft thread's errors as the wire's: not the leader (with its address), or stopped. */
    private <T> CompletableFuture<T> translated(CompletableFuture<T> future) {
        return future.handle((value, failure) -> {
            if (failure == null) {
                return value;
            }
            Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (e instanceof RaftNode.NotLeaderException notLeader) {
                throw new RequestRejectedException(notLeaderError(notLeader));
            }
            if (raft.failure() != null) {
                throw new RequestRejectedException(new Response.Error(Status.UNAVAILABLE,
                        "node " + id + " stopped: " + raft.failure()));
            }
            throw e instanceof RuntimeException r ? r : new CompletionException(e);
        });
    }

    private Response.Error notLeaderError(RaftNode.NotLeaderException e) {
        String leader = e.leaderId();
        TaggedFields tags = TaggedFields.EMPTY;
        if (leader != null && !leader.equals(id)) {
            tags = tags.with(LEADER_ID_TAG, Protocol.encode(w -> w.string(leader)));
            Optional<String> address = peers.address(leader);
            if (address.isPresent()) {
                tags = tags.with(LEADER_ADDRESS_TAG, Protocol.encode(w -> w.string(address.get())));
            }
        }
        return new Response.Error(Status.NOT_LEADER, e.getMessage(), tags);
    }

    /**
     * Adds a node (as a learner; once it has caught up with the log, as a voter) or removes one,
     * each step committed before the next. A step that was done before (an operator who runs
     * add-node again after a failure) is skipped.
     */
    private CompletableFuture<io.patrickdb.protocol.Response> membership(MembershipChange.Request r) {
        String node = r.nodeId();
        if (r.change() == MembershipChange.Change.REMOVE) {
            return changing(raft.changeMembership(Membership.Change.REMOVE, node, "")).thenApply(done -> membershipNow());
        }
        if (r.address().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("adding " + node + " needs its address"));
        }
        peers.learn(node, r.address()); // at once: the leader probes a new learner as soon as it appends the change
        RaftNode.NodeView v = raft.view();
        CompletableFuture<Void> learner = v.voters().contains(node) || v.learners().contains(node)
                ? CompletableFuture.completedFuture(null)
                : changing(raft.changeMembership(Membership.Change.ADD_LEARNER, node, node + "=" + r.address()));
        return learner.thenCompose(added -> caughtUp(node, raft.view().commit(), System.nanoTime() + CATCH_UP.toNanos()))
                .thenCompose(caught -> raft.view().voters().contains(node) ? CompletableFuture.completedFuture(null)
                        : changing(raft.changeMembership(Membership.Change.PROMOTE, node, "")))
                .thenApply(done -> membershipNow());
    }

    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    /** Completes once the leader knows that {@code node}'s log matches its own up to {@code index}. */
    private CompletableFuture<Void> caughtUp(String node, long index, long deadlineNanos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                RaftNode.NodeView v = raft.view();
                if (v.match().getOrDefault(node, 0L) >= index) {
                    done.complete(null);
                } else if (v.role() != io.patrickdb.replication.raft.RaftCore.Role.LEADER) {
                    done.completeExceptionally(new RequestRejectedException(new Response.Error(Status.NOT_LEADER,
                            "node " + id + " stopped leading while " + node + " caught up; run add-node again")));
                } else if (System.nanoTime() > deadlineNanos) {
                    done.completeExceptionally(new RequestRejectedException(new Response.Error(Status.UNAVAILABLE,
                            node + " did not catch up with the log within " + CATCH_UP.toSeconds() + " s (it has "
                                    + v.match().getOrDefault(node, 0L) + " of " + index + "); is it running?")));
                } else {
                    CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS).execute(this);
                }
            }
        };
        check.run();
        return done;
    }

    /** A membership change's future, with its refusals as the wire's errors. */
    private CompletableFuture<Void> changing(CompletableFuture<Void> change) {
        return translated(change).exceptionally(failure -> {
            Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (e instanceof IllegalStateException) {
                throw new RequestRejectedException(new Response.Error(Status.UNAVAILABLE, e.getMessage()));
            }
            throw e instanceof RuntimeException re ? re : new CompletionException(e);
        });
    }

    private MembershipChange.Response membershipNow() {
        RaftNode.NodeView v = raft.view();
        return new MembershipChange.Response(v.voters(), v.learners());
    }

    /** What stopped this node's Raft thread (a full disk, a bug), or null while it runs. */
    Throwable failure() {
        return raft.failure();
    }

    /** What {@code ./patrickdb status} shows. */
    public RaftStatus.Response status() {
        RaftNode.NodeView v = raft.view();
        String leader = v.leader() == null ? "" : v.leader();
        List<RaftStatus.Peer> progress = new ArrayList<>();
        Map<String, Peers.Transfer> transfers = peers.transfers();
        v.match().forEach((peer, match) -> {
            Peers.Transfer t = transfers.get(peer);
            progress.add(new RaftStatus.Peer(peer, peers.address(peer).orElse(""), match, v.lastIndex() - match,
                    t == null ? 0 : t.sent().get(), t == null ? 0 : t.total()));
        });
        long[] incoming = snapshots.progress();
        String role = raft.failure() != null ? "stopped" : v.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return new RaftStatus.Response(id, ProcessHandle.current().pid(), role, v.term(), leader,
                leader.isEmpty() ? "" : peers.address(leader).orElse(""), v.lastIndex(), v.commit(), v.applied(), v.voters(),
                v.learners(), progress, v.snapshotIndex(), incoming[0], incoming[1]);
    }

    public String id() {
        return id;
    }

    /** Tells this node where peer {@code peerId} serves (for groups whose ports are known only once they run). */
    public void learnPeer(String peerId, String address) {
        peers.learn(peerId, address);
    }

    /**
     * The value of {@code key} in this node's copy of the store, as far as it has applied the log:
     * stale on a follower, and on a leader it may miss the last committed entries. Chapter 4 keeps
     * the cluster map in the store and reads it here for every request.
     */
    public Optional<Versioned> localValue(String key) {
        return raft.store().getVersioned(key);
    }

    /** Whether this node leads its group now, as far as it knows. */
    public boolean leads() {
        return raft.failure() == null && raft.view().role() == io.patrickdb.replication.raft.RaftCore.Role.LEADER;
    }

    /** How many batches of entries this node has written to its log, each with one fsync, as of its Raft thread's last turn: for tests. */
    long logBatches() {
        return raft.view().logBatches();
    }

    /** How far this node has applied, as of the same turn as {@link #logBatches()}: for tests. */
    long appliedAsViewed() {
        return raft.view().applied();
    }

    /** Whether this node would serve a linearizable read now without its Raft thread ({@link RaftNode#readsLocally()}): for tests. */
    boolean readsLocally() {
        return raft.readsLocally();
    }

    /** The state machine's store, read directly (stale on a follower): for tests. */
    io.patrickdb.index.KeyValueStore storeForTests() {
        return raft.store();
    }

    public int port() {
        return server.port();
    }

    public String address() {
        return server.address().getHostString() + ":" + server.port();
    }

    @Override
    public void close() {
        server.close();
        snapshots.close();
        forwarder.close();
        storeService.close();
        raft.close();
        peers.close();
    }
}
