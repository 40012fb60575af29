package io.patrickdb.bench;

import io.patrickdb.bench.core.RunFailed;
import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.cluster.ClusterMap;
import io.patrickdb.cluster.ClusterProtocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.replication.protocol.RaftStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * A Patrick-DB partitioned cluster's slots, as the load generator starts from them: the cluster
 * map from the seed node ({@code GET_CLUSTER_MAP}, chapter 4's {@link ClusterProtocol}), and for
 * each group the node its requests go to, its leader. The map names a group's nodes, not which
 * one leads (that changes without the map changing), so each node is asked for its
 * {@code RAFT_STATUS}. If none says it leads (an election), the group's first node is taken, and
 * its {@code NOT_LEADER} answers will redirect the requests.
 */
final class PatrickDbClusterMap {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private PatrickDbClusterMap() {
    }

    /** The slots of the cluster that the node at {@code seed} ({@code host:port}) belongs to, each to its group's leader. */
    static SlotMap read(String seed) {
        ClusterMap map = ask(seed, new ClusterProtocol.GetMap())
                .filter(ClusterProtocol.MapAnswer.class::isInstance).map(ClusterProtocol.MapAnswer.class::cast)
                .orElseThrow(() -> new RunFailed("no answer to GET_CLUSTER_MAP from " + seed))
                .map().orElseThrow(() -> new RunFailed(seed + " has no cluster map: is it a node of a partitioned cluster "
                        + "(cluster start --groups), and is the cluster up?"));
        SlotMap slots = new SlotMap();
        for (ClusterMap.Group group : map.groups()) {
            String leader = leaderOf(group);
            map.rangesOf(group.id()).forEach(r -> slots.assign(r.first(), r.last(), leader));
        }
        return slots.complete();
    }

    /** The node that says it leads, else the leader another node names, else the first node. */
    private static String leaderOf(ClusterMap.Group group) {
        String named = null;
        for (String node : group.nodes()) {
            Optional<RaftStatus.Response> status = ask(node, new RaftStatus.Request())
                    .filter(RaftStatus.Response.class::isInstance).map(RaftStatus.Response.class::cast);
            if (status.isPresent() && status.get().role().equals("leader")) {
                return node;
            }
            if (named == null && status.isPresent() && !status.get().leaderAddress().isEmpty()) {
                named = status.get().leaderAddress();
            }
        }
        return named != null ? named : group.nodes().get(0);
    }

    /** The node's answer, or empty if it cannot be reached or fails the request. */
    private static Optional<Response> ask(String node, Request request) {
        try (PatrickClient client = PatrickClient.create(ClientOptions.parse(node).withProtocol(ClusterProtocol.v1())
                .withRequestTimeout(TIMEOUT))) {
            return Optional.of(BlockingClient.await(client.call(request)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
