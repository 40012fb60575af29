package io.patrickdb.partitioning;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, 2018; Vimeo and
 * Google use it to spread load over cache servers): the ring of {@link HashRing}, but no node
 * may take more than {@code ceil((1 + epsilon) * keys / N)} keys. A key goes to the first point
 * at or after its hash whose node still has room, so a node never holds more than
 * {@code 1 + epsilon} times the mean, whatever its arcs.
 *
 * <p>That cap is not free. An owner now depends on every key placed before it, so this is not a
 * {@link Partitioner} (a function of the key alone) but a placement of a whole set of keys, in
 * order. And a join or a leave changes who is full, so some keys move between nodes that both
 * stay: the paper bounds that at O(1/epsilon^2) times the ideal, and the analysis measures it.
 */
public final class BoundedLoads {
    private final List<String> nodes;
    private final int points;
    private final double epsilon;
    private final TreeMap<Long, String> ring = new TreeMap<>(Long::compareUnsigned);

    public BoundedLoads(Collection<String> nodes, int points, double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be above 0, not " + epsilon);
        }
        this.nodes = Nodes.sorted(nodes);
        this.points = points;
        this.epsilon = epsilon;
        for (String node : this.nodes) {
            for (int i = 0; i < points; i++) {
                ring.putIfAbsent(KeyHash.of(node + "#" + i), node);
            }
        }
    }

    /** The owners of {@code keys}, placed in that order, each within the cap. */
    public String[] place(byte[][] keys) {
        long cap = (long) Math.ceil((1 + epsilon) * keys.length / nodes.size());
        Map<String, Long> load = new HashMap<>();
        String[] owners = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            owners[i] = firstWithRoom(KeyHash.of(keys[i]), load, cap);
            load.merge(owners[i], 1L, Long::sum);
        }
        return owners;
    }

    /** Walks the ring from {@code hash} to the first point whose node has fewer than {@code cap} keys. */
    private String firstWithRoom(long hash, Map<String, Long> load, long cap) {
        for (String node : ring.tailMap(hash, true).values()) {
            if (load.getOrDefault(node, 0L) < cap) {
                return node;
            }
        }
        for (String node : ring.values()) { // round past the top
            if (load.getOrDefault(node, 0L) < cap) {
                return node;
            }
        }
        throw new IllegalStateException("no node has room: the cap is below the mean"); // cap >= keys / N, so never
    }

    public List<String> nodes() {
        return nodes;
    }

    public double epsilon() {
        return epsilon;
    }

    /** How many points each node has on the ring. */
    public int points() {
        return points;
    }

    public BoundedLoads withNode(String node) {
        return new BoundedLoads(Nodes.plus(nodes, node), points, epsilon);
    }

    public BoundedLoads withoutNode(String node) {
        return new BoundedLoads(Nodes.minus(nodes, node), points, epsilon);
    }
}
