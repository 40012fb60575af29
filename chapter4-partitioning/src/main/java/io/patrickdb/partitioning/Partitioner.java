package io.patrickdb.partitioning;

import java.util.List;

/**
 * Which node owns a key, for one set of nodes. Immutable: {@link #withNode} and
 * {@link #withoutNode} return a new partitioner and leave this one as it was, so that the keys
 * a change moves can be counted by asking both.
 *
 * <p>A node is named by a string (its id); the set is never empty.
 */
public interface Partitioner {
    /** The node that owns {@code key}. */
    String ownerOf(byte[] key);

    /** The nodes, in the order the scheme keeps them (sorted, except where the order matters). */
    List<String> nodes();

    /** This scheme with {@code node} added. */
    Partitioner withNode(String node);

    /** This scheme with {@code node} removed; at least one node must remain. */
    Partitioner withoutNode(String node);

    /** The scheme's name, for reports: "modulo", "ring-256", ... */
    String name();
}
