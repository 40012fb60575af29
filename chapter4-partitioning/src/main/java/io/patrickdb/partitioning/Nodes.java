package io.patrickdb.partitioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The checks every scheme makes on its set of nodes: not empty, no blank or repeated name. */
final class Nodes {
    private Nodes() {
    }

    /** {@code nodes}, checked and sorted. */
    static List<String> sorted(Collection<String> nodes) {
        TreeSet<String> set = new TreeSet<>();
        for (String n : nodes) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("a node needs a name, not '" + n + "'");
            }
            if (!set.add(n)) {
                throw new IllegalArgumentException("node " + n + " is named twice");
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("a partitioner needs at least one node");
        }
        return List.copyOf(set);
    }

    /** {@code nodes} and {@code added}, which must be new. */
    static List<String> plus(List<String> nodes, String added) {
        if (nodes.contains(added)) {
            throw new IllegalArgumentException("node " + added + " is already there");
        }
        List<String> next = new ArrayList<>(nodes);
        next.add(added);
        return next;
    }

    /** {@code nodes} without {@code removed}, which must be there and not the last one. */
    static List<String> minus(List<String> nodes, String removed) {
        if (!nodes.contains(removed)) {
            throw new IllegalArgumentException("node " + removed + " is not there: " + nodes);
        }
        if (nodes.size() == 1) {
            throw new IllegalArgumentException("cannot remove " + removed + ", the last node");
        }
        List<String> next = new ArrayList<>(nodes);
        next.remove(removed);
        return next;
    }
}
