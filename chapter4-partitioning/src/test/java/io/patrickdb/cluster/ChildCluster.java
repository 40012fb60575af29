package io.patrickdb.cluster;

import io.patrickdb.replication.quorum.QuorumGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A partitioned cluster of child JVMs: groups g1, g2, ... each a chapter 3 {@link QuorumGroup} of
 * partitioned nodes (with a fault proxy on every link and in front of every node), the slots
 * split evenly, the map stored in every group. The map names each node by its front proxy, so a
 * node keeps its address across a kill and a restart.
 */
final class ChildCluster implements AutoCloseable {
    private final Map<String, QuorumGroup> groups = new LinkedHashMap<>();
    private ClusterMap map;

    private ChildCluster() {
    }

    static ChildCluster start(Path dir, int groupCount, int replicas) throws IOException {
        ChildCluster cluster = new ChildCluster();
        try {
            List<ClusterMap.Group> members = new ArrayList<>();
            for (int g = 1; g <= groupCount; g++) {
                String id = "g" + g;
                QuorumGroup group = QuorumGroup.start(dir.resolve(id), replicas, PartitionedNodeMain.class, List.of("group=" + id));
                cluster.groups.put(id, group);
                members.add(new ClusterMap.Group(id, group.clientAddresses()));
            }
            cluster.map = ClusterMap.evenly(members);
            try (PartitionedClient admin = PartitionedClient.withMap(cluster.map, Duration.ofSeconds(30))) {
                admin.publish(cluster.map).join();
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    ClusterMap map() {
        return map;
    }

    QuorumGroup group(String id) {
        return groups.get(id);
    }

    PartitionedClient client(Duration groupDeadline) {
        return PartitionedClient.connect(map.groups().get(0).nodes(), groupDeadline);
    }

    @Override
    public void close() {
        groups.values().forEach(QuorumGroup::close);
    }
}
