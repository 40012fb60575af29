package io.patrickdb.cluster;

import io.patrickdb.index.Versioned;
import io.patrickdb.partitioning.HashSlots;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import io.patrickdb.replication.protocol.LocalGet;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.replication.quorum.QuorumNode;
import io.patrickdb.server.HandlerTable;
import io.patrickdb.server.Service;
import io.patrickdb.server.ServerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What makes a chapter 3 node a node of a partitioned cluster: a front that looks at every request
 * for a key before the node's own handlers do, and lets it through only if the node's group owns
 * the key's slot in the cluster map the group stores. Otherwise the answer is {@code MOVED},
 * naming the owner ({@link Moved}). So a client with a stale map is corrected rather than served
 * by the wrong group, and a group never answers for a slot it gave away.
 *
 * <p>The map is a value in the group's own store, under a key clients may not use
 * ({@value #MAP_KEY}), written through the Raft log by {@code UPDATE_CLUSTER_MAP}: it is as
 * durable and as replicated as the data, and every node of the group applies the same maps in the
 * same order. A node reads its copy for every request; decoding happens only when its version
 * changed.
 *
 * <p>Part A checks the slot when the request arrives, before the write enters the log. That is
 * enough while a slot changes owner only when it holds nothing (part A never moves data); part B,
 * which moves a slot's keys while clients write, has to check again where writes are applied.
 */
public final class SlotGuard implements QuorumNode.Front {
    /** Where a group keeps its cluster map; keys under {@value #RESERVED} are refused to clients. */
    public static final String MAP_KEY = "__patrickdb/cluster-map";
    static final String RESERVED = "__patrickdb/";

    private final String group;
    private volatile QuorumNode node;
    private volatile Decoded decoded = new Decoded(0, Optional.empty());

    /** The map as last decoded, with the version of the value it was decoded from. */
    private record Decoded(long version, Optional<ClusterMap> map) {
    }

    private SlotGuard(String group) {
        this.group = group;
    }

    /** Starts a node of replica group {@code group}: chapter 3's node with this guard in front. */
    public static QuorumNode startNode(String group, QuorumNode.Options options, ServerOptions serverOptions) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("a partitioned node needs its group's id");
        }
        return QuorumNode.start(options, serverOptions, new SlotGuard(group));
    }

    @Override
    public Protocol protocol() {
        return ClusterProtocol.v1();
    }

    @Override
    public Service wrap(QuorumNode node, Service requests) {
        this.node = node;
        return HandlerTable.over(requests)
                .on(Request.Get.class, r -> guarded(r.key(), requests, r))
                .on(Request.Put.class, r -> guarded(r.key(), requests, r))
                .on(Request.Delete.class, r -> guarded(r.key(), requests, r))
                .on(Request.CompareAndSet.class, r -> guarded(r.key(), requests, r))
                .on(SessionWrite.Request.class, r -> guarded(r.key(), requests, r))
                .on(LocalGet.Request.class, r -> guarded(r.key(), requests, r))
                .on(Request.MultiGet.class, r -> guarded(r.keys(), requests, r))
                .on(Request.Stats.class, r -> requests.handle(r).thenApply(this::withClusterCounters))
                .on(ClusterProtocol.GetMap.class, r -> CompletableFuture.completedFuture(
                        new ClusterProtocol.MapAnswer(group, map())))
                .on(ClusterProtocol.UpdateMap.class, r -> update(r.map(), requests));
    }

    private CompletableFuture<Response> guarded(String key, Service requests, Request request) {
        return guarded(List.of(key), requests, request);
    }

    /** Passes {@code request} on if this group owns every key's slot; else the first refusal. */
    private CompletableFuture<Response> guarded(List<String> keys, Service requests, Request request) {
        Optional<ClusterMap> map = map();
        for (String key : keys) {
            Optional<Response.Error> refusal = refusal(key, map);
            if (refusal.isPresent()) {
                return CompletableFuture.completedFuture(refusal.get());
            }
        }
        return requests.handle(request);
    }

    private Optional<Response.Error> refusal(String key, Optional<ClusterMap> map) {
        // BEGIN SOLUTION chapter4.part4
        if (key.startsWith(RESERVED)) {
            return Optional.of(new Response.Error(Status.INVALID_KEY, "keys beginning with " + RESERVED
                    + " are the cluster's own (" + key + ")", TaggedFields.EMPTY));
        }
        if (map.isEmpty()) {
            return Optional.of(new Response.Error(Status.UNAVAILABLE, "node " + node.id() + " of group " + group
                    + " has no cluster map yet (`cluster start` stores one once every group has a leader)", TaggedFields.EMPTY));
        }
        int slot = HashSlots.slotOf(key);
        ClusterMap.Group owner = map.get().ownerOf(slot);
        if (owner.id().equals(group)) {
            return Optional.empty();
        }
        return Optional.of(new Moved(slot, owner.id(), map.get().epoch(), owner.nodes()).toError(key, node.id()));
        // STUB: throw new UnsupportedOperationException("chapter4.part4: refuse a reserved key, a node without a map, a slot another group owns (MOVED)");
        // END SOLUTION
    }

    /** The group's map as this node has applied it; decoded again only when its value changed. */
    Optional<ClusterMap> map() {
        Optional<Versioned> stored = node.localValue(MAP_KEY);
        long version = stored.map(Versioned::version).orElse(0L);
        Decoded last = decoded;
        if (last.version() == version) {
            return last.map();
        }
        Decoded now = new Decoded(version, stored.map(v -> ClusterMap.decode(v.value())));
        decoded = now;
        return now.map();
    }

    /**
     * Stores {@code proposed} if it is newer than the group's map: a compare-and-set on the map's
     * key through the Raft log, so that of two concurrent updates at most one is stored. Only the
     * leader does it: its copy is the one a compare-and-set is checked against.
     */
    private CompletableFuture<Response> update(ClusterMap proposed, Service requests) {
        if (!node.leads()) {
            var status = node.status();
            TaggedFields tags = status.leaderAddress().isEmpty() ? TaggedFields.EMPTY
                    : TaggedFields.EMPTY.with(QuorumNode.LEADER_ADDRESS_TAG, Protocol.encode(w -> w.string(status.leaderAddress())));
            return CompletableFuture.completedFuture(new Response.Error(Status.NOT_LEADER, "node " + node.id()
                    + " does not lead group " + group + "; its leader stores the cluster map", tags));
        }
        Optional<Versioned> stored = node.localValue(MAP_KEY);
        Optional<ClusterMap> current = map();
        if (current.isPresent() && current.get().epoch() >= proposed.epoch()) {
            return CompletableFuture.completedFuture(new ClusterProtocol.UpdateAnswer(false, current.get().epoch()));
        }
        long expected = stored.map(Versioned::version).orElse(0L);
        return requests.handle(new Request.CompareAndSet(MAP_KEY, expected, proposed.encode(), Duration.ZERO)).thenApply(r -> {
            if (r instanceof Response.CompareAndSet cas) {
                return new ClusterProtocol.UpdateAnswer(cas.result().applied(),
                        cas.result().applied() ? proposed.epoch() : map().map(ClusterMap::epoch).orElse(0L));
            }
            return r; // an error (the leader lost its leadership meanwhile): the caller's to retry
        });
    }

    /** Chapter 2's counters, with the cluster map's key not counted, and the cluster's own. */
    private Response withClusterCounters(Response response) {
        if (!(response instanceof Response.Stats stats)) {
            return response;
        }
        Map<String, Long> counters = new LinkedHashMap<>(stats.counters());
        Optional<ClusterMap> map = map();
        if (map.isPresent() && counters.containsKey("keys")) {
            counters.put("keys", counters.get("keys") - 1);
        }
        counters.put("cluster_epoch", map.map(ClusterMap::epoch).orElse(0L));
        counters.put("cluster_slots", (long) map.map(m -> m.slotCount(group)).orElse(0));
        return new Response.Stats(counters);
    }

    @Override
    public String toString() {
        return "slot guard of group " + group;
    }
}
