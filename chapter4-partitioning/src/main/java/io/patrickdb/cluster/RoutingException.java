package io.patrickdb.cluster;

import io.patrickdb.client.PatrickClientException;
import java.util.List;

/**
 * A request was redirected more often than a consistent cluster ever needs: the nodes disagree
 * about who owns the key's slot (maps that did not reach every group, or a bug). The client gives
 * up rather than guess; {@code trail} says where it was sent, in order.
 */
public final class RoutingException extends PatrickClientException {
    private final transient List<String> trail;

    RoutingException(String key, int slot, List<String> trail) {
        super("key " + key + " (slot " + slot + "): redirected " + (trail.size() - 1) + " times without reaching its owner: "
                + String.join(" -> ", trail) + "; the groups' cluster maps disagree");
        this.trail = List.copyOf(trail);
    }

    /** Each group the request went to, with the epoch of the map that sent it there. */
    public List<String> trail() {
        return trail;
    }
}
