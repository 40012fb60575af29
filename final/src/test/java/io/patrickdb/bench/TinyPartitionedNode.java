package io.patrickdb.bench;

import io.patrickdb.cluster.ClusterMap;
import io.patrickdb.cluster.ClusterProtocol;
import io.patrickdb.cluster.Moved;
import io.patrickdb.index.Versioned;
import io.patrickdb.partitioning.HashSlots;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.replication.quorum.QuorumNode;
import io.patrickdb.server.HandlerTable;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of a node of a Patrick-DB partitioned cluster for the load generator, on chapter 2's
 * real server (so the bytes are the real protocol's), on a free loopback port: get and put of the
 * keys whose slot its group owns in the map it {@link #owns}, {@code MOVED} (with
 * {@link Moved}'s tags) for the others, and {@code GET_CLUSTER_MAP} answered with the map it
 * {@link #advertises} (which may be stale). A follower answers every get and put with
 * {@code NOT_LEADER} naming its leader; during an election ({@link #electsDuring}) a node answers
 * {@code NOT_LEADER} naming none. It answers {@code RAFT_STATUS} only if told its role
 * ({@link #answersRaftStatus}); otherwise the request is unsupported, as on a node that is down.
 */
final class TinyPartitionedNode implements AutoCloseable {
    private final String group;
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final PatrickServer server;
    private volatile ClusterMap owned;
    private volatile ClusterMap advertised;
    private volatile String leader = "";        // a follower's leader; empty on a leader
    private volatile boolean answersRaftStatus;
    private final AtomicInteger electing = new AtomicInteger();

    /** A node of {@code group}. */
    TinyPartitionedNode(String group) {
        this.group = group;
        HandlerTable service = HandlerTable.empty()
                .on(ClusterProtocol.GetMap.class, r -> done(new ClusterProtocol.MapAnswer(group, Optional.ofNullable(advertised))))
                .on(RaftStatus.Request.class, r -> done(raftStatus()))
                .on(Request.Get.class, r -> done(refusal(r.key()).orElseGet(() -> new Response.Get(
                        Optional.ofNullable(values.get(r.key())).map(v -> new Versioned(v, 1, 0))))))
                .on(Request.Put.class, r -> done(refusal(r.key()).orElseGet(() -> {
                    values.put(r.key(), r.value());
                    return new Response.Put(1);
                })));
        server = PatrickServer.start(ServerOptions.defaults().withHost("127.0.0.1").withPort(0).withProtocol(ClusterProtocol.v1()),
                service);
    }

    String address() {
        return "127.0.0.1:" + server.port();
    }

    /** The keys stored here. */
    Map<String, byte[]> values() {
        return values;
    }

    /** The map this node's group goes by: the slots it serves, the owners its MOVED answers name. */
    void owns(ClusterMap map) {
        owned = map;
    }

    /** The map GET_CLUSTER_MAP answers with. */
    void advertises(ClusterMap map) {
        advertised = map;
    }

    /** Makes this node a follower of the node at {@code leaderAddress}. */
    void follows(String leaderAddress) {
        leader = leaderAddress;
    }

    /** Makes the node answer its next {@code requests} gets and puts with NOT_LEADER naming no leader, as during an election. */
    void electsDuring(int requests) {
        electing.set(requests);
    }

    /** Makes the node answer RAFT_STATUS with its role. */
    void answersRaftStatus() {
        answersRaftStatus = true;
    }

    private static CompletableFuture<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    private Response raftStatus() {
        if (!answersRaftStatus) {
            return new Response.Error(Status.UNSUPPORTED_OPERATION, "no status here");
        }
        return new RaftStatus.Response(group + "-" + server.port(), ProcessHandle.current().pid(), leader.isEmpty() ? "leader" : "follower",
                1, "", leader, 0, 0, 0, List.of(), List.of(), List.of(), 0, 0, 0);
    }

    /** Why this node does not serve {@code key}, if it does not. */
    private Optional<Response> refusal(String key) {
        if (electing.getAndDecrement() > 0) {
            return Optional.of(new Response.Error(Status.NOT_LEADER, "an election is going on"));
        }
        if (!leader.isEmpty()) {
            return Optional.of(new Response.Error(Status.NOT_LEADER, "a follower", TaggedFields.EMPTY
                    .with(QuorumNode.LEADER_ADDRESS_TAG, Protocol.encode(w -> w.string(leader)))));
        }
        int slot = HashSlots.slotOf(key);
        ClusterMap.Group owner = owned.ownerOf(slot);
        if (owner.id().equals(group)) {
            return Optional.empty();
        }
        return Optional.of(new Moved(slot, owner.id(), owned.epoch(), owner.nodes()).toError(key, address()));
    }

    @Override
    public void close() {
        server.close();
    }
}
