package io.patrickdb.replication.raft;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is in the group: the voters, whose majority elects and commits, and the learners, which
 * receive the log but do not vote (a new node catches up as a learner before it votes, so that
 * adding it does not stall commitment while it is behind). A membership travels in the log as a
 * {@link Entry.Type#CONFIG} entry, and a node follows the latest one in its log, committed or not
 * (dissertation, 4.1). Changes go one server at a time: then any majority of the old voters and
 * any majority of the new share a node, and two leaders in one term remain impossible.
 */
public record Membership(Set<String> voters, Set<String> learners) {
    /** One change, one server. */
    public enum Change { ADD_LEARNER, PROMOTE, REMOVE }

    public Membership {
        voters = sorted(voters);
        learners = sorted(learners);
        if (!java.util.Collections.disjoint(voters, learners)) {
            throw new IllegalArgumentException("a node is a voter or a learner, not both: " + voters + ", " + learners);
        }
    }

    /**
     * An unmodifiable copy that iterates in name order. Not {@code Set.copyOf}: its order changes
     * from one JVM to the next, and with it the order of a node's messages, and a seed of the
     * simulation would no longer replay the same run.
     */
    static Set<String> sorted(Set<String> names) {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    public boolean contains(String node) {
        return voters.contains(node) || learners.contains(node);
    }

    /** This membership after {@code change} of {@code node}, or null if the change does not apply. */
    Membership after(Change change, String node) {

        // BEGIN SOLUTION chapter3.part11
        Set<String> v = new HashSet<>(voters);
        Set<String> l = new HashSet<>(learners);
        switch (change) {
            case ADD_LEARNER -> {
                if (contains(node)) {
                    return null;
                }
                l.add(node);
            }
            case PROMOTE -> {
                if (!l.remove(node)) {
                    return null;
                }
                v.add(node);
            }
            case REMOVE -> {
                if (!v.remove(node) && !l.remove(node) || v.isEmpty()) {
                    return null;
                }
            }
        }
        return new Membership(v, l);
        // STUB: throw new UnsupportedOperationException("chapter3.part11: the membership after one change of one node, or null if it does not apply");
        // END SOLUTION
    }

    byte[] encode() {
        return encode("");
    }

    /**
     * The membership as a CONFIG entry carries it: voters and learners, and after a newline the
     * change's context, bytes Raft does not read (the driver's: where the added node serves).
     */
    byte[] encode(String context) {
        String members = String.join(",", new TreeSet<>(voters)) + ";" + String.join(",", new TreeSet<>(learners));
        return (context.isEmpty() ? members : members + "\n" + context).getBytes(StandardCharsets.UTF_8);
    }

    static Membership decode(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String[] parts = (newline < 0 ? text : text.substring(0, newline)).split(";", -1);
        return new Membership(names(parts[0]), names(parts.length > 1 ? parts[1] : ""));
    }

    /** The context a CONFIG entry's data carries after its membership; empty if none. */
    public static String contextOf(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return newline < 0 ? "" : text.substring(newline + 1);
    }

    /** The membership a CONFIG entry's data holds (for drivers, which apply CONFIG entries too). */
    public static Membership of(byte[] data) {
        return decode(data);
    }

    private static Set<String> names(String list) {
        return list.isEmpty() ? Set.of() : Set.of(list.split(","));
    }
}
