package io.patrickdb.replication;

import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import io.patrickdb.replication.protocol.Fetch;
import io.patrickdb.replication.protocol.FetchSnapshot;
import io.patrickdb.replication.protocol.ReplicaOf;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.ReplicationStatus;
import io.patrickdb.replication.protocol.Wait;
import io.patrickdb.server.Handler;
import io.patrickdb.server.HandlerTable;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.server.StoreService;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Patrick-DB node that replicates: chapter 2's server over chapter 1's store, with a role.
 *
 * <p>A <em>leader</em> takes writes and answers its followers' fetches ({@link Leader}). A
 * <em>follower</em> applies its leader's log ({@link FollowerLink}), serves reads (which may be
 * stale), and answers writes with {@code NOT_LEADER}, naming the leader. The role changes at run
 * time ({@code REPLICA_OF}): a promoted follower starts a new history that continues its old
 * one; a leader told to follow another node becomes its follower. The role and the history are
 * kept in the data directory ({@link ReplicationState}), so a restarted node comes back as what
 * it was.
 *
 * <p>Everything chapter 3 adds is in the {@link HandlerTable} built here: chapter 2's service
 * answers the rest, unchanged.
 */
public final class ReplicatedNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedNode.class);
    /** The tag of a get response that a follower served: its offset, an {@code i64}. */
    public static final int FOLLOWER_READ_TAG = 0;

    private final Path dir;
    private final LogStructuredStore store;
    private final StoreService storeService;
    private final ReplicationOptions options;
    private final Leader leader;
    private final LongAdder writesHandedOver = new LongAdder(); // writes between the role check and the store service
    private final PatrickServer server;
    private volatile ReplicationState state;
    private volatile FollowerLink link; // null while this node is a leader
    private volatile boolean refusingWrites; // from the moment a leader decides to follow

    private ReplicatedNode(StoreOptions storeOptions, ServerOptions serverOptions, ReplicationOptions options) {
        this.dir = storeOptions.dataDir();
        this.options = options;
        this.store = LogStructuredStore.open(storeOptions);
        try {
            this.state = ReplicationState.load(dir);
            this.storeService = StoreService.over(store);
            this.leader = new Leader(store, () -> state, options);
            store.compactionFloor(leader::floor);
            this.server = PatrickServer.start(serverOptions.withProtocol(ReplicationProtocol.v1()), handlers());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Opens the store, starts serving, and takes up the role: a follower of {@code replicaOf} if
     * given, else whatever the data directory says (a new directory: a leader).
     */
    public static ReplicatedNode start(StoreOptions storeOptions, ServerOptions serverOptions, ReplicationOptions options,
                                       Optional<String> replicaOf) {
        ReplicatedNode node = new ReplicatedNode(storeOptions, serverOptions, options);
        Optional<String> follow = replicaOf.or(() -> node.state.leader());
        if (follow.isPresent()) {
            node.follow(follow.get());
        } else {
            if (node.state.fullResync()) {
                LOG.warn("{} holds an unfinished full resync: it leads with incomplete data", node.dir);
            }
            LOG.info("leading history {} at sequence {}", node.state.replicationId(), node.store.stats().lastSequence());
        }
        return node;
    }

    private HandlerTable handlers() {
        return HandlerTable.over(storeService)
                .on(Request.Get.class, this::read)
                .on(Request.Put.class, this::write)
                .on(Request.Delete.class, this::write)
                .on(Request.CompareAndSet.class, this::write)
                .on(Fetch.Request.class, leaderOnly(leader::fetch))
                .on(FetchSnapshot.Request.class, leaderOnly(leader::fetchSnapshot))
                .on(Wait.Request.class, leaderOnly(leader::await))
                .on(ReplicationStatus.Request.class, request -> CompletableFuture.completedFuture(status()))
                .on(ReplicaOf.Request.class, this::replicaOf);
    }

    /**
     * A read is answered by any node; a follower labels its answer with its offset (tag 0 of the
     * get response), because it may not have the leader's latest writes yet.
     */
    private CompletableFuture<Response> read(Request.Get get) {
        CompletableFuture<Response> answer = storeService.handle(get);
        if (link == null) {
            return answer;
        }
        long offset = offset();
        return answer.thenApply(r -> r instanceof Response.Get g
                ? new Response.Get(g.value(), g.tags().with(FOLLOWER_READ_TAG, Protocol.encode(w -> w.i64(offset))))
                : r);
    }

    /** A write goes to the store only on a leader, and only while min-replicas allows it. */
    private CompletableFuture<Response> write(Request request) {
        // BEGIN SOLUTION chapter3.part5
        FollowerLink following = link;
        if (following != null || refusingWrites) {
            return CompletableFuture.completedFuture(notLeader(following));
        }
        Optional<Response.Error> refused = leader.refuseWrite();
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(refused.get());
        }
        writesHandedOver.increment();
        try {
            return storeService.handle(request);
        } finally {
            writesHandedOver.decrement();
        }
        // STUB: throw new UnsupportedOperationException("chapter3.part5: a follower answers NOT_LEADER naming its leader; a leader checks min-replicas, then writes");
        // END SOLUTION
    }

    private <R extends Request> Handler<R> leaderOnly(Handler<R> handler) {
        return request -> {
            FollowerLink following = link;
            return following != null ? CompletableFuture.completedFuture(notLeader(following)) : handler.handle(request);
        };
    }

    private static Response.Error notLeader(FollowerLink following) {
        if (following == null) {
            return new Response.Error(Status.NOT_LEADER, "this node is changing its role; try again");
        }
        return new Response.Error(Status.NOT_LEADER, "this node follows " + following.leader() + ": send writes there",
                TaggedFields.EMPTY.with(0, Protocol.encode(w -> w.string(following.leader()))));
    }

    // ---- roles -----------------------------------------------------------------------------

    private CompletableFuture<Response> replicaOf(ReplicaOf.Request request) {
        // Changing the role waits for the link and for writes in flight: not on the event loop.
        return CompletableFuture.supplyAsync(() -> {
            if (request.leader().isEmpty()) {
                promote();
            } else {
                follow(request.leader());
            }
            return new ReplicaOf.Response(role(), state.replicationId());
        });
    }

    /** Makes this node a leader (if it is not one): a new history that continues the one it has. */
    public synchronized void promote() {
        // BEGIN SOLUTION chapter3.part5
        FollowerLink following = link;
        if (following == null) {
            return;
        }
        following.close(); // no record is applied after this
        long offset = offset();
        save(state.promoted(offset));
        link = null;
        refusingWrites = false;
        LOG.info("promoted: leading new history {} at sequence {} (continuing {} up to {})",
                state.replicationId(), offset, state.previousId(), state.previousEnd());
        // STUB: throw new UnsupportedOperationException("chapter3.part5: stop the link, start a new history that continues this one, take writes");
        // END SOLUTION
    }

    /** Makes this node a follower of {@code leaderAddress} ("host:port"). */
    public synchronized void follow(String leaderAddress) {
        if (leaderAddress.equals(address()) || leaderAddress.equals("127.0.0.1:" + port())) {
            throw new IllegalArgumentException("a node cannot follow itself (" + leaderAddress + ")");
        }
        FollowerLink old = link;
        if (old != null) {
            old.close();
        } else {
            refusingWrites = true; // client writes stop here; wait for those already on their way
            while (writesHandedOver.sum() > 0) {
                LockSupport.parkNanos(100_000); // a handler between the check and the hand-over: microseconds
            }
            storeService.afterQueuedWrites().join(); // and for those the writer thread still has
        }
        save(state.following(leaderAddress));
        FollowerLink next = new FollowerLink(leaderAddress, store, () -> state, this::save, this::address, options,
                Integer.MAX_VALUE);
        link = next;
        next.start();
        LOG.info("following {}", leaderAddress);
    }

    private synchronized void save(ReplicationState next) {
        next.save(dir);
        state = next;
    }

    /** "leader" or "follower". */
    public String role() {
        return link == null ? "leader" : "follower";
    }

    /** What {@code ./patrickdb status} shows. */
    public ReplicationStatus.Response status() {
        ReplicationState s = state;
        FollowerLink following = link;
        return new ReplicationStatus.Response(role(), s.replicationId(), s.previousId(), s.previousEnd(),
                offset(), following == null ? "" : following.leader(),
                following == null ? "" : following.link(), leader.status());
    }

    /** This node's leader side, which answers its followers' fetches (for tests). */
    Leader leader() {
        return leader;
    }

    /** How far this node has its history: the replication offset. */
    public long offset() {
        return store.stats().lastSequence();
    }

    public LogStructuredStore store() {
        return store;
    }

    public int port() {
        return server.port();
    }

    /** Where this node serves, as "host:port". */
    public String address() {
        return server.address().getHostString() + ":" + server.port();
    }

    /** Stops the link, the server and the leader's threads, then closes the store. */
    @Override
    public synchronized void close() {
        FollowerLink following = link;
        if (following != null) {
            following.close();
        }
        server.close();
        leader.close();
        storeService.close();
        store.close();
    }
}
