package io.patrickdb.cluster;

import io.patrickdb.client.PatrickClientException;
import java.util.List;

/**
 * A replica group answered nothing useful for as long as the client waits: no leader (a majority
 * is down or cut off), or no node reachable. Its slots are unavailable until it has a leader
 * again; they are never given to another group behind the client's back.
 */
public final class GroupUnavailableException extends PatrickClientException {
    private final String group;
    private final transient List<ClusterMap.Range> slots;

    GroupUnavailableException(ClusterMap.Group group, List<ClusterMap.Range> slots, Throwable cause) {
        super("group " + group.id() + " (slots " + join(slots) + ") is unavailable: no leader answered at " + group.nodes()
                + ": " + cause.getMessage());
        initCause(cause);
        this.group = group.id();
        this.slots = List.copyOf(slots);
    }

    /** The group's id. */
    public String group() {
        return group;
    }

    /** The slots that cannot be served meanwhile. */
    public List<ClusterMap.Range> slots() {
        return slots;
    }

    private static String join(List<ClusterMap.Range> ranges) {
        return String.join(",", ranges.stream().map(ClusterMap.Range::toString).toList());
    }
}
