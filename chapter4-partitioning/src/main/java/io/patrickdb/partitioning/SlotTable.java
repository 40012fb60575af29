package io.patrickdb.partitioning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed number of slots (hash slots, or key ranges), each owned by one node, and the two moves
 * that keep them even: a node that joins takes {@code slots / (N + 1)} slots, one at a time from
 * whichever node has the most; a node that leaves hands its slots out, one at a time, to whichever
 * node has the fewest. Only the newcomer gains and only the leaver loses, so no slot moves
 * between two nodes that stay, and every node ends with its share, give or take one.
 * Immutable: each move returns a new table.
 */
final class SlotTable {
    private final List<String> nodes; // sorted
    private final String[] owners;    // slot -> node

    /** {@code slots} slots over {@code nodes}, in contiguous runs of nearly equal length, in sorted order. */
    SlotTable(List<String> nodes, int slots) {
        this.nodes = Nodes.sorted(nodes);
        this.owners = new String[slots];
        for (int slot = 0; slot < slots; slot++) {
            owners[slot] = this.nodes.get((int) ((long) slot * this.nodes.size() / slots));
        }
    }

    private SlotTable(List<String> nodes, String[] owners) {
        this.nodes = Nodes.sorted(nodes);
        this.owners = owners;
    }

    String owner(int slot) {
        return owners[slot];
    }

    int size() {
        return owners.length;
    }

    List<String> nodes() {
        return nodes;
    }

    SlotTable plus(String node) {
        List<String> next = Nodes.plus(nodes, node);
        String[] table = owners.clone();
        Map<String, List<Integer>> held = slotsByNode();
        int share = owners.length / next.size();
        for (int taken = 0; taken < share; taken++) {
            List<Integer> richest = held.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
            table[richest.remove(richest.size() - 1)] = node;
        }
        return new SlotTable(next, table);
    }

    SlotTable minus(String node) {
        List<String> next = Nodes.minus(nodes, node);
        String[] table = owners.clone();
        Map<String, List<Integer>> held = slotsByNode();
        List<Integer> orphans = held.remove(node);
        for (int slot : orphans) {
            Map.Entry<String, List<Integer>> poorest = held.entrySet().stream()
                    .min(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> e.getValue().size())
                            .thenComparing(Map.Entry::getKey)).orElseThrow();
            table[slot] = poorest.getKey();
            poorest.getValue().add(slot);
        }
        return new SlotTable(next, table);
    }

    private Map<String, List<Integer>> slotsByNode() {
        Map<String, List<Integer>> held = new HashMap<>();
        nodes.forEach(n -> held.put(n, new ArrayList<>()));
        for (int slot = 0; slot < owners.length; slot++) {
            held.get(owners[slot]).add(slot);
        }
        return held;
    }
}
