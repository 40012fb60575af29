package io.patrickdb.partitioning;

import java.util.Collection;
import java.util.List;

/**
 * {@code hash(key) mod N}: node {@code i} of the sorted nodes owns the keys whose hash leaves
 * remainder {@code i}. Perfectly simple and well balanced, and the example of what not to do:
 * when N becomes N + 1 a key keeps its node only if both remainders agree, so about N / (N + 1)
 * of all keys move, most of them between nodes that were there before and after.
 */
public final class ModuloPartitioner implements Partitioner {
    private final List<String> nodes;

    public ModuloPartitioner(Collection<String> nodes) {
        this.nodes = Nodes.sorted(nodes);
    }

    @Override
    public String ownerOf(byte[] key) {
        return nodes.get((int) Long.remainderUnsigned(KeyHash.of(key), nodes.size()));
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public Partitioner withNode(String node) {
        return new ModuloPartitioner(Nodes.plus(nodes, node));
    }

    @Override
    public Partitioner withoutNode(String node) {
        return new ModuloPartitioner(Nodes.minus(nodes, node));
    }

    @Override
    public String name() {
        return "modulo";
    }
}
