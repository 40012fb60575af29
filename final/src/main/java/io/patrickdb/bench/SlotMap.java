package io.patrickdb.bench;

import io.patrickdb.partitioning.HashSlots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which node serves each of a cluster's 16,384 hash slots, as the generator learns it when a run
 * starts ({@link WireProtocol#slotMap}): from Redis Cluster's {@code CLUSTER SLOTS}, or from
 * Patrick-DB's cluster map and each group's leader. The cluster clients start from it, and each
 * keeps its own copy from then on, changed by the redirects it gets.
 */
final class SlotMap {
    private final String[] owners = new String[HashSlots.SLOTS];

    /** A map in which no slot has an owner yet; {@link #assign} gives them. */
    SlotMap() {
    }

    /** Gives slots {@code first} to {@code last} (both included) to the node at {@code address}. */
    SlotMap assign(int first, int last, String address) {
        if (first < 0 || last >= HashSlots.SLOTS || last < first) {
            throw new IllegalArgumentException("slots " + first + "-" + last + " are not a range of 0-" + (HashSlots.SLOTS - 1));
        }
        Arrays.fill(owners, first, last + 1, address);
        return this;
    }

    /** The node that serves {@code slot}. */
    String ownerOf(int slot) {
        return owners[slot];
    }

    /** The nodes that serve a slot, each once, in slot order. */
    List<String> owners() {
        return new ArrayList<>(new LinkedHashSet<>(Arrays.asList(owners)));
    }

    /** Checks that every slot has an owner: a cluster with a slot nobody serves fails requests for its keys. */
    SlotMap complete() {
        for (int slot = 0; slot < owners.length; slot++) {
            if (owners[slot] == null) {
                throw new IllegalStateException("slot " + slot + " has no node that serves it");
            }
        }
        return this;
    }
}
