package io.patrickdb.partitioning;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Consistent hashing (Karger et al., 1997): the 64-bit hashes form a ring; each node is placed
 * on it at {@code virtualNodes} points (the hashes of "node#0", "node#1", ...), and a key
 * belongs to the node of the first point at or after the key's hash, going round past the top.
 *
 * <p>A node that joins takes, at each of its points, the arc just before it from whoever had it:
 * only keys that move to the newcomer move, and no key moves between two nodes that stay. One
 * point per node would give arcs of very different lengths (the largest is about ln N times the
 * mean); many points average that out, at the cost of a table of N x {@code virtualNodes}
 * entries and a lookup in O(log) of it.
 */
public final class HashRing implements Partitioner {
    private final List<String> nodes;
    private final int virtualNodes;
    private final TreeMap<Long, String> ring = new TreeMap<>(Long::compareUnsigned);

    public HashRing(Collection<String> nodes, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("a node needs at least one point on the ring, not " + virtualNodes);
        }
        this.nodes = Nodes.sorted(nodes);
        this.virtualNodes = virtualNodes;
        for (String node : this.nodes) {
            for (int i = 0; i < virtualNodes; i++) {
                String before = ring.put(KeyHash.of(node + "#" + i), node);
                if (before != null && before.compareTo(node) < 0) {
                    ring.put(KeyHash.of(node + "#" + i), before); // two points on one hash (2^-64 odds): the smaller name keeps it
                }
            }
        }
    }

    @Override
    public String ownerOf(byte[] key) {
        return ownerOn(ring, key);
    }

    /**
     * The owner of {@code key} on a ring of points (a point owns the arc up to it): the node of
     * the first point at or after the key's hash, or past the last point, of the first. The
     * placed ring ({@link AllocatedRing}) looks keys up the same way.
     */
    static String ownerOn(NavigableMap<Long, String> ring, byte[] key) {
        // BEGIN SOLUTION chapter4.part2
        Map.Entry<Long, String> point = ring.ceilingEntry(KeyHash.of(key));
        return point != null ? point.getValue() : ring.firstEntry().getValue(); // past the top: round to the first point
        // STUB: throw new UnsupportedOperationException("chapter4.part2: the node of the first point at or after the key's hash, going round");
        // END SOLUTION
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    /** The number of points on the ring: the routing table's size. */
    public int points() {
        return ring.size();
    }

    /** Each node's share of the ring, exactly: the lengths of the arcs before its points, over 2^64. */
    public Map<String, Double> exactShares() {
        return shares(ring);
    }

    /** The share of a ring that each owner of its points has (a point owns the arc from the point before it). */
    static Map<String, Double> shares(java.util.NavigableMap<Long, String> ring) {
        Map<String, Double> shares = new java.util.HashMap<>();
        long previous = ring.lastKey();
        for (Map.Entry<Long, String> point : ring.entrySet()) {
            long length = point.getKey() - previous; // mod 2^64; 0 only for a ring of one point: the whole ring
            double fraction = length == 0 ? 1.0 : (length >= 0 ? length : length + 0x1p64) / 0x1p64;
            shares.merge(point.getValue(), fraction, Double::sum);
            previous = point.getKey();
        }
        return shares;
    }

    @Override
    public Partitioner withNode(String node) {
        return new HashRing(Nodes.plus(nodes, node), virtualNodes);
    }

    @Override
    public Partitioner withoutNode(String node) {
        return new HashRing(Nodes.minus(nodes, node), virtualNodes);
    }

    @Override
    public String name() {
        return "ring-" + virtualNodes;
    }
}
