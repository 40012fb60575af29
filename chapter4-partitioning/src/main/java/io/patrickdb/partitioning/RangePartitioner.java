package io.patrickdb.partitioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Range partitioning (as Bigtable, HBase and CockroachDB do it): the key space, in byte order, is
 * cut at split points into ranges, and each range belongs to one node. Keys next to each other
 * live together, so a scan over a span of keys asks only the nodes whose ranges meet it, in order
 * ({@link #nodesFor}); a hash scheme would have to ask every node.
 *
 * <p>Hashing spreads any keys evenly; ranges spread them evenly only if the split points fit the
 * keys. So the split points come from a sample of the keys, at its quantiles. There are many more
 * ranges than nodes, and a join or a leave moves whole ranges the way hash slots move whole slots
 * (a {@link SlotTable}): the newcomer takes ranges from the nodes with the most, and a leaver's
 * go to those with the fewest. (A real system also splits a range that grows, and moves ranges by
 * load; the split points here stay as the sample set them.)
 */
public final class RangePartitioner implements Partitioner {
    private final byte[][] splits; // sorted; range i is [splits[i - 1], splits[i]), the first from the start, the last to the end
    private final SlotTable table;  // range -> node

    private RangePartitioner(byte[][] splits, SlotTable table) {
        this.splits = splits;
        this.table = table;
    }

    /** The fewest ranges a table is cut into: whole ranges move, so a few nodes need more than a few ranges each. */
    public static final int MIN_RANGES = 256;

    /**
     * Ranges cut at the quantiles of {@code sample}, {@code rangesPerNode} of them per node (and
     * at least {@value #MIN_RANGES}), over {@code nodes}. The number of ranges is fixed from then on,
     * as the number of hash slots is: a join takes whole ranges, so with 16 ranges for each of 2
     * nodes a newcomer could take 10 or 11 of 32 (0.31 or 0.34 of the keys, not a third).
     */
    public static RangePartitioner fromSample(Collection<String> nodes, List<byte[]> sample, int rangesPerNode) {
        int ranges = Math.max(MIN_RANGES, nodes.size() * rangesPerNode);
        byte[][] sorted = sample.toArray(new byte[0][]);
        Arrays.sort(sorted, Arrays::compareUnsigned);
        List<byte[]> splits = new ArrayList<>();
        for (int r = 1; r < ranges && sorted.length > 0; r++) {
            byte[] at = sorted[(int) ((long) r * sorted.length / ranges)];
            if (splits.isEmpty() || Arrays.compareUnsigned(splits.get(splits.size() - 1), at) < 0) {
                splits.add(at); // repeated keys in the sample make no empty range
            }
        }
        return new RangePartitioner(splits.toArray(new byte[0][]), new SlotTable(List.copyOf(nodes), splits.size() + 1));
    }

    @Override
    public String ownerOf(byte[] key) {
        return table.owner(rangeOf(key));
    }

    /** The range {@code key} falls in: the number of split points at or below it. */
    int rangeOf(byte[] key) {
        int low = 0;
        int high = splits.length; // the answer is in [low, high]
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Arrays.compareUnsigned(splits[mid], key) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The nodes that hold keys in {@code [from, to)}, in key order, each as often as its ranges
     * take turns: a scan asks them one after the other.
     */
    public List<String> nodesFor(byte[] from, byte[] to) {
        List<String> nodes = new ArrayList<>();
        if (Arrays.compareUnsigned(from, to) >= 0) {
            return nodes;
        }
        for (int r = rangeOf(from); r <= splits.length && (r == 0 || Arrays.compareUnsigned(splits[r - 1], to) < 0); r++) {
            String owner = table.owner(r);
            if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).equals(owner)) {
                nodes.add(owner);
            }
        }
        return nodes;
    }

    /** How many ranges there are: the routing table's size. */
    public int ranges() {
        return table.size();
    }

    @Override
    public List<String> nodes() {
        return table.nodes();
    }

    @Override
    public Partitioner withNode(String node) {
        return new RangePartitioner(splits, table.plus(node));
    }

    @Override
    public Partitioner withoutNode(String node) {
        return new RangePartitioner(splits, table.minus(node));
    }

    @Override
    public String name() {
        return "range";
    }
}
