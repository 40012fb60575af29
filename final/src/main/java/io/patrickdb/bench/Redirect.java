package io.patrickdb.bench;

import java.util.List;

/**
 * A server's answer that the request belongs elsewhere, and where: Redis Cluster's
 * {@code -MOVED 3999 127.0.0.1:6381}, Patrick-DB's {@code MOVED} (status 0x4A: the slot and the
 * owning group's nodes) or its {@code NOT_LEADER} (0x48: the group's leader, tag 0). A client of a
 * cluster sends the request again to the node named; any other client counts it as an error,
 * with the server's own words ({@link #message}).
 *
 * <p>A redirect that names no node says "not now, not here, and I do not know where": a node of a
 * quorum group during an election ({@code NOT_LEADER} without a leader, {@code UNAVAILABLE}). A
 * cluster client asks the same node again a little later, as Patrick-DB's own client does.
 *
 * @param slot    the slot the server says moved, or {@link #SAME_SLOTS} for a {@code NOT_LEADER}:
 *                the node asked serves none of its slots now, the leader it names serves them all
 * @param nodes   where to go, {@code host:port}, best first (a Redis address may be {@code :port},
 *                meaning the host of the node that answered); none: the same node, later
 * @param message the answer as the server put it
 */
public record Redirect(int slot, List<String> nodes, String message) {
    /** The slot of a redirect that moves every slot of the node asked, not one. */
    public static final int SAME_SLOTS = -1;

    public Redirect {
        nodes = List.copyOf(nodes);
    }

    /** A redirect to the same node, later: it knows no better now. */
    public static Redirect later(String message) {
        return new Redirect(SAME_SLOTS, List.of(), message);
    }

    /** Whether the request should go to the same node again, after a pause. */
    public boolean isRetry() {
        return nodes.isEmpty();
    }
}
