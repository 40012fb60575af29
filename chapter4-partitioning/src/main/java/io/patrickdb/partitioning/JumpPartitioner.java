package io.patrickdb.partitioning;

import java.util.ArrayList;
import java.util.List;

/**
 * Jump consistent hash (Lamping and Veach, 2014): buckets are numbered 0 to N - 1, and a key
 * "jumps" from bucket to bucket as N grows, each jump to a bucket at most N, with a probability
 * that leaves every bucket with 1/N of the keys. A few arithmetic steps per lookup (about ln N),
 * no table, and a balance as even as the keys allow.
 *
 * <p>The catch is in the numbering: buckets are added and removed only at the end. A node that
 * joins becomes bucket N and takes exactly its share, from everyone; removing the last node moves
 * only its keys. Removing another node would renumber the ones after it and move keys between
 * nodes that stay, so this class refuses: in practice each bucket is a replica group that never
 * goes away, not a machine.
 */
public final class JumpPartitioner implements Partitioner {
    private final List<String> nodes; // in bucket order: the order they joined

    /** The nodes in bucket order: the first is bucket 0. */
    public JumpPartitioner(List<String> nodes) {
        Nodes.sorted(nodes); // the checks only: the order is the buckets'
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String ownerOf(byte[] key) {
        return nodes.get(bucket(KeyHash.of(key), nodes.size()));
    }

    /** Lamping and Veach's algorithm: the bucket of {@code key} among {@code buckets}. */
    static int bucket(long key, int buckets) {
        // BEGIN SOLUTION chapter4.part3
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1; // a 64-bit linear congruential step: the key's next random number
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
        // STUB: throw new UnsupportedOperationException("chapter4.part3: jump from bucket to bucket while the next jump lands below buckets");
        // END SOLUTION
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public Partitioner withNode(String node) {
        return new JumpPartitioner(Nodes.plus(nodes, node));
    }

    /** Removes the last bucket's node; any other is refused (see the class comment). */
    @Override
    public Partitioner withoutNode(String node) {
        if (!nodes.isEmpty() && !nodes.get(nodes.size() - 1).equals(node)) {
            throw new IllegalArgumentException("jump hash removes only its last bucket (" + nodes.get(nodes.size() - 1)
                    + "), not " + node + ": the buckets after it would be renumbered");
        }
        return new JumpPartitioner(new ArrayList<>(Nodes.minus(nodes, node)));
    }

    @Override
    public String name() {
        return "jump";
    }
}
