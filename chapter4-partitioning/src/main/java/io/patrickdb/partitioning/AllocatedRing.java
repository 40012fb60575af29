package io.patrickdb.partitioning;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Consistent hashing whose points are placed, not drawn: the ring of {@link HashRing}, but a node
 * that joins chooses where its points go, so that it takes its fair share, 1/(N+1) of the ring,
 * from the nodes that have the most. This is the idea of Cassandra's token allocation
 * ({@code allocate_tokens_for_keyspace}, 3.0): random points leave each node's share a sum of
 * {@code points} random arcs, whose spread is about 1/sqrt(points) (6% for 256 points, so
 * 1.16-1.19 for the busiest of 30 to 100 nodes); placed points leave almost none.
 *
 * <p>How a newcomer places its points: it takes its share in {@code points} equal bites; each bite
 * comes out of the largest arc of the node that owns the most now, cut at the arc's start (a new
 * point inside an arc owns the part before it). So only the newcomer gains, and only keys that
 * move to it move. A node that leaves takes its points away, and each of its arcs goes to the
 * next point's owner, as on any ring; nothing rebalances the rest after a leave.
 *
 * <p>The ring depends on the order of the joins, not only on the set of nodes: built from a list
 * of nodes, they join in sorted order, the first at evenly spaced points. A real system stores
 * the points (Cassandra gossips each node's tokens); here {@link #withNode} is the join.
 */
public final class AllocatedRing implements Partitioner {
    private static final double RING = 0x1p64;

    private final List<String> nodes;
    private final int pointsPerNode;
    private final TreeMap<Long, String> ring; // point -> owner; a point owns the arc from the point before it

    /** The ring that {@code nodes} make by joining one after the other, in sorted order. */
    public static AllocatedRing of(Collection<String> nodes, int pointsPerNode) {
        Joins joins = new Joins(new AllocatedRing(List.of(), pointsPerNode, new TreeMap<>(Long::compareUnsigned)));
        Nodes.sorted(nodes).forEach(joins::join);
        return joins.ring();
    }

    private AllocatedRing(List<String> nodes, int pointsPerNode, TreeMap<Long, String> ring) {
        if (pointsPerNode < 1) {
            throw new IllegalArgumentException("a node needs at least one point on the ring, not " + pointsPerNode);
        }
        this.nodes = nodes;
        this.pointsPerNode = pointsPerNode;
        this.ring = ring;
    }

    @Override
    public String ownerOf(byte[] key) {
        return HashRing.ownerOn(ring, key);
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    /** The number of points on the ring: the routing table's size. */
    public int points() {
        return ring.size();
    }

    @Override
    public Partitioner withNode(String node) {
        return joined(node);
    }

    @Override
    public Partitioner withoutNode(String node) {
        List<String> rest = Nodes.minus(nodes, node);
        TreeMap<Long, String> without = new TreeMap<>(ring);
        without.values().removeIf(node::equals);
        return new AllocatedRing(rest, pointsPerNode, without);
    }

    @Override
    public String name() {
        return "allocated-ring-" + pointsPerNode;
    }

    /** This ring with {@code node} joined: its points placed as the class comment says. */
    private AllocatedRing joined(String node) {
        Joins joins = new Joins(this);
        joins.join(node);
        return joins.ring();
    }

    /**
     * Joins in progress: the ring with each node's load and its arcs, largest first, kept from one
     * join to the next, so that building a ring of N nodes does not recount the ring N times.
     */
    private static final class Joins {
        private final int pointsPerNode;
        private final List<String> nodes;
        private final TreeMap<Long, String> ring;
        private final Map<String, Double> load = new HashMap<>();
        private final Map<String, PriorityQueue<long[]>> arcs = new HashMap<>(); // {start (exclusive), end (its point)}

        Joins(AllocatedRing from) {
            this.pointsPerNode = from.pointsPerNode;
            this.nodes = new java.util.ArrayList<>(from.nodes);
            this.ring = new TreeMap<>(from.ring);
            if (!ring.isEmpty()) {
                long previous = ring.lastKey();
                for (Map.Entry<Long, String> point : ring.entrySet()) {
                    add(point.getValue(), new long[] {previous, point.getKey()});
                    previous = point.getKey();
                }
            }
        }

        private void add(String owner, long[] arc) {
            load.merge(owner, arcLength(arc), Double::sum);
            arcs.computeIfAbsent(owner, n -> new PriorityQueue<>(LARGEST_FIRST)).add(arc);
        }

        void join(String node) {
            if (nodes.contains(node)) {
                throw new IllegalArgumentException(node + " is on the ring already");
            }
            nodes.add(node);
            if (ring.isEmpty()) { // the first node: points evenly spaced, starting where its name hashes
                long start = KeyHash.of(node);
                long step = Long.divideUnsigned(-1L, pointsPerNode) + 1; // 2^64 / points, rounded up
                for (int i = 0; i < pointsPerNode; i++) {
                    ring.put(start + i * step, node);
                }
                long previous = ring.lastKey();
                for (Map.Entry<Long, String> point : ring.entrySet()) {
                    add(node, new long[] {previous, point.getKey()});
                    previous = point.getKey();
                }
                return;
            }
            double bite = RING / nodes.size() / pointsPerNode;
            for (int i = 0; i < pointsPerNode; i++) {
                String richest = null;
                for (Map.Entry<String, Double> e : load.entrySet()) {
                    if (!e.getKey().equals(node) && (richest == null || e.getValue() > load.get(richest))) {
                        richest = e.getKey();
                    }
                }
                long[] arc = arcs.get(richest).poll();
                double taken = Math.min(bite, arcLength(arc) - 1);
                if (taken < 1) {
                    arcs.get(richest).add(arc);
                    break; // nothing left to cut (a ring of tiny arcs): the newcomer has fewer points
                }
                long cut = arc[0] + (long) taken;
                ring.put(cut, node); // the newcomer owns (start, cut]; the richest keeps (cut, end]
                load.merge(richest, -taken, Double::sum);
                arcs.get(richest).add(new long[] {cut, arc[1]});
                add(node, new long[] {arc[0], cut});
            }
        }

        AllocatedRing ring() {
            return new AllocatedRing(Nodes.sorted(nodes), pointsPerNode, new TreeMap<>(ring));
        }
    }

    private static final Comparator<long[]> LARGEST_FIRST = Comparator.comparingDouble((long[] arc) -> arcLength(arc)).reversed();

    private static double arcLength(long[] arc) {
        return arcLength(arc[0], arc[1]);
    }

    /** The length of the arc after {@code from} up to {@code to}, going round; a ring of one point is the whole ring. */
    private static double arcLength(long from, long to) {
        return from == to ? RING : unsigned(to - from);
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : value + RING;
    }

    /** Each node's share of the ring, for the analysis: exact, without keys. */
    public Map<String, Double> exactShares() {
        return HashRing.shares(ring);
    }
}
