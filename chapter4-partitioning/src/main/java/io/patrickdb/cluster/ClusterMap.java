package io.patrickdb.cluster;

import io.patrickdb.partitioning.HashSlots;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which replica group owns each of the 16,384 hash slots, where each group's nodes serve, and the
 * map's epoch: a number that grows with every change, so that of two maps the newer one is the
 * one with the higher epoch. Immutable: a change is a new map ({@link #withSlots}).
 *
 * <p>Every group keeps the whole map as a value in its own store, written through its Raft log
 * like any other value, so the map survives what the data survives; clients cache it, and a node
 * that is asked about a slot its group does not own answers {@code MOVED} with its epoch, which
 * tells a client whose map is older to fetch a newer one.
 *
 * <pre>
 *   epoch i64, groups uvarint, each: id string, nodes uvarint, each: address string;
 *   ranges uvarint, each: first slot uvarint, last slot uvarint, group index uvarint
 * </pre>
 *
 * The ranges cover slots 0 to 16383 in order, each slot once, each range with its group's index
 * in the list of groups.
 */
public final class ClusterMap {
    /** One replica group: its id and its nodes' addresses ("host:port"). */
    public record Group(String id, List<String> nodes) {
        public Group {
            Objects.requireNonNull(id, "id");
            nodes = List.copyOf(nodes);
            if (id.isEmpty() || nodes.isEmpty()) {
                throw new IllegalArgumentException("a group needs an id and at least one node: " + id + " " + nodes);
            }
        }
    }

    /** Slots {@code first} to {@code last}, both included, owned by {@code group}. */
    public record Range(int first, int last, String group) {
        /** "0-5460", or "7" for a range of one slot. */
        @Override
        public String toString() {
            return first == last ? String.valueOf(first) : first + "-" + last;
        }
    }

    private final long epoch;
    private final List<Group> groups;
    private final int[] owners; // slot -> index in groups

    private ClusterMap(long epoch, List<Group> groups, int[] owners) {
        this.epoch = epoch;
        this.groups = List.copyOf(groups);
        this.owners = owners;
        if (groups.stream().map(Group::id).distinct().count() != groups.size()) {
            throw new IllegalArgumentException("two groups share an id: " + groups);
        }
    }

    /**
     * A map of epoch 1 with the slots split into contiguous, nearly equal ranges, in the groups'
     * order, cut where {@code redis-cli --cluster create} cuts them (three groups: 0-5460,
     * 5461-10922, 10923-16383).
     */
    public static ClusterMap evenly(List<Group> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one group");
        }
        int[] owners = new int[HashSlots.SLOTS];
        double share = (double) HashSlots.SLOTS / groups.size();
        for (int g = 0; g < groups.size(); g++) {
            Arrays.fill(owners, (int) Math.round(g * share), (int) Math.round((g + 1) * share), g);
        }
        return new ClusterMap(1, groups, owners);
    }

    public long epoch() {
        return epoch;
    }

    public List<Group> groups() {
        return groups;
    }

    /** The group that owns {@code slot}. */
    public Group ownerOf(int slot) {
        return groups.get(owners[slot]);
    }

    /** The group that owns {@code key}'s slot (hash tags included: {@link HashSlots#slotOf}). */
    public Group ownerOfKey(String key) {
        return ownerOf(HashSlots.slotOf(key));
    }

    public Optional<Group> group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** The map as ranges of slots with one owner, in slot order. */
    public List<Range> ranges() {
        List<Range> ranges = new ArrayList<>();
        int first = 0;
        for (int slot = 1; slot <= owners.length; slot++) {
            if (slot == owners.length || owners[slot] != owners[first]) {
                ranges.add(new Range(first, slot - 1, groups.get(owners[first]).id()));
                first = slot;
            }
        }
        return ranges;
    }

    /** The ranges {@code groupId} owns, in slot order. */
    public List<Range> rangesOf(String groupId) {
        return ranges().stream().filter(r -> r.group().equals(groupId)).toList();
    }

    /** How many slots {@code groupId} owns. */
    public int slotCount(String groupId) {
        return rangesOf(groupId).stream().mapToInt(r -> r.last() - r.first() + 1).sum();
    }

    /** This map with slots {@code first..last} given to {@code groupId}, one epoch later. */
    public ClusterMap withSlots(int first, int last, String groupId) {
        checkSlot(first);
        checkSlot(last);
        int index = indexOf(groupId);
        if (index < 0) {
            throw new IllegalArgumentException("no group " + groupId + " in " + ids());
        }
        int[] copy = owners.clone();
        Arrays.fill(copy, first, last + 1, index);
        return new ClusterMap(epoch + 1, groups, copy);
    }

    /** This map with a group's nodes changed (a node replaced), one epoch later. */
    public ClusterMap withGroup(Group group) {
        int index = indexOf(group.id());
        if (index < 0) {
            throw new IllegalArgumentException("no group " + group.id() + " in " + ids());
        }
        List<Group> copy = new ArrayList<>(groups);
        copy.set(index, group);
        return new ClusterMap(epoch + 1, copy, owners);
    }

    private int indexOf(String groupId) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).id().equals(groupId)) {
                return i;
            }
        }
        return -1;
    }

    private List<String> ids() {
        return groups.stream().map(Group::id).toList();
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= HashSlots.SLOTS) {
            throw new IllegalArgumentException("a slot is 0 to " + (HashSlots.SLOTS - 1) + ", not " + slot);
        }
    }

    public byte[] encode() {
        List<Range> ranges = ranges();
        return Protocol.encode(w -> {
            w.i64(epoch).uvarint(groups.size());
            for (Group g : groups) {
                w.string(g.id()).uvarint(g.nodes().size());
                g.nodes().forEach(w::string);
            }
            w.uvarint(ranges.size());
            for (Range r : ranges) {
                w.uvarint(r.first()).uvarint(r.last()).uvarint(indexOf(r.group()));
            }
        });
    }

    /** The map {@link #encode} wrote; {@link MalformedFrameException} if the bytes are not one. */
    public static ClusterMap decode(byte[] bytes) {
        return Protocol.decode(bytes, ClusterMap::read);
    }

    private static ClusterMap read(BodyReader in) {
        long epoch = in.i64();
        int groupCount = in.uvarint();
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            String id = in.string();
            int nodeCount = in.uvarint();
            List<String> nodes = new ArrayList<>();
            for (int n = 0; n < nodeCount; n++) {
                nodes.add(in.string());
            }
            try {
                groups.add(new Group(id, nodes));
            } catch (IllegalArgumentException e) {
                throw new MalformedFrameException("cluster map: " + e.getMessage());
            }
        }
        int[] owners = new int[HashSlots.SLOTS];
        int next = 0;
        int rangeCount = in.uvarint();
        for (int i = 0; i < rangeCount; i++) {
            int first = in.uvarint();
            int last = in.uvarint();
            int group = in.uvarint();
            if (first != next || last < first || last >= HashSlots.SLOTS || group >= groups.size()) {
                throw new MalformedFrameException("cluster map: range " + first + "-" + last + " of group " + group
                        + " does not follow slot " + (next - 1) + " or names no group");
            }
            Arrays.fill(owners, first, last + 1, group);
            next = last + 1;
        }
        if (next != HashSlots.SLOTS) {
            throw new MalformedFrameException("cluster map: the ranges end at slot " + (next - 1) + ", not 16383");
        }
        try {
            return new ClusterMap(epoch, groups, owners);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("cluster map: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterMap m && m.epoch == epoch && m.groups.equals(groups) && Arrays.equals(m.owners, owners);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + Arrays.hashCode(owners);
    }

    @Override
    public String toString() {
        return "epoch " + epoch + ": " + ranges();
    }
}
