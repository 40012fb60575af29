package io.patrickdb.partitioning;

import java.util.Collection;
import java.util.List;

/**
 * Rendezvous, or highest random weight, hashing (Thaler and Ravishankar, 1996): every node gives
 * the key a score, a hash of the key and the node together, and the highest score owns it.
 *
 * <p>When a node joins, a key moves only if the newcomer's score beats the old winner's, so it
 * moves to the newcomer and nowhere else; when a node leaves, only its keys move, each to its
 * runner-up. Each node wins a uniformly random share of keys, so the balance is as good as the
 * key count allows, with no table beyond the list of nodes. The price is a lookup that scores
 * every node: O(N).
 */
public final class RendezvousPartitioner implements Partitioner {
    private final List<String> nodes;
    private final long[] seeds;

    public RendezvousPartitioner(Collection<String> nodes) {
        this.nodes = Nodes.sorted(nodes);
        this.seeds = this.nodes.stream().mapToLong(KeyHash::of).toArray();
    }

    @Override
    public String ownerOf(byte[] key) {
        long k = KeyHash.of(key);
        int best = 0;
        long bestScore = score(k, seeds[0]);
        for (int i = 1; i < seeds.length; i++) {
            long s = score(k, seeds[i]);
            if (Long.compareUnsigned(s, bestScore) > 0) {
                best = i;
                bestScore = s;
            }
        }
        return nodes.get(best);
    }

    /** The node's score for the key: the key's hash and the node's mixed together. */
    private static long score(long keyHash, long nodeSeed) {
        return KeyHash.mix(keyHash ^ nodeSeed);
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public Partitioner withNode(String node) {
        return new RendezvousPartitioner(Nodes.plus(nodes, node));
    }

    @Override
    public Partitioner withoutNode(String node) {
        return new RendezvousPartitioner(Nodes.minus(nodes, node));
    }

    @Override
    public String name() {
        return "rendezvous";
    }
}
