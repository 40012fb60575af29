package io.patrickdb.cluster;

import static org.awaitility.Awaitility.await;

import io.patrickdb.replication.quorum.QuorumNode;
import io.patrickdb.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A partitioned cluster in this JVM for the routing tests: groups g1, g2, ... of one node each
 * (a group of one is its own majority, so it leads at once), with the slots split evenly and the
 * map stored in every group. The tests about failures of processes use child JVMs instead.
 */
final class InProcessCluster implements AutoCloseable {
    private final Map<String, QuorumNode> nodes = new LinkedHashMap<>();
    private ClusterMap map;

    private InProcessCluster() {
    }

    static InProcessCluster start(Path dir, int groups) {
        InProcessCluster cluster = new InProcessCluster();
        try {
            List<ClusterMap.Group> members = new ArrayList<>();
            for (int g = 1; g <= groups; g++) {
                String id = "g" + g;
                QuorumNode node = startNode(dir, id);
                cluster.nodes.put(id, node);
                members.add(new ClusterMap.Group(id, List.of(node.address())));
            }
            cluster.nodes.values().forEach(n -> await().atMost(Duration.ofSeconds(10)).until(n::leads));
            cluster.map = ClusterMap.evenly(members);
            try (PartitionedClient admin = PartitionedClient.withMap(cluster.map, Duration.ofSeconds(10))) {
                admin.publish(cluster.map).join();
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** A node of group {@code group} alone, with no map yet. */
    static QuorumNode startNode(Path dir, String group) {
        return SlotGuard.startNode(group, QuorumNode.Options.of("n1", dir.resolve(group), Map.of("n1", "")),
                ServerOptions.defaults().withIoThreads(1));
    }

    ClusterMap map() {
        return map;
    }

    QuorumNode node(String group) {
        return nodes.get(group);
    }

    Map<String, QuorumNode> nodes() {
        return nodes;
    }

    PartitionedClient client(Duration groupDeadline) {
        return PartitionedClient.withMap(map, groupDeadline);
    }

    /** Stores {@code newer} in every group, as an operator's tool would. */
    void publish(ClusterMap newer) {
        try (PartitionedClient admin = PartitionedClient.withMap(map, Duration.ofSeconds(10))) {
            admin.publish(newer).join();
        }
        map = newer;
    }

    /** Stops one group's only node: the group has no leader from now on. */
    void stop(String group) {
        nodes.remove(group).close();
    }

    @Override
    public void close() {
        nodes.values().forEach(QuorumNode::close);
    }
}
