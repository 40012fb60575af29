package io.patrickdb.replication.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the replicated log: its position, the term of the leader that created it, and what
 * it carries. {@link Type#NOOP} is the empty entry a new leader appends to commit its predecessors'
 * entries; {@link Type#COMMAND} carries a command for the state machine, opaque to Raft;
 * {@link Type#CONFIG} a new {@link Membership}.
 */
public record Entry(long index, long term, Type type, byte[] data) {
    /** What an entry carries. */
    public enum Type { NOOP, COMMAND, CONFIG }

    public Entry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("an entry's index and term start at 1: " + index + ", " + term);
        }
    }

    public static Entry command(long index, long term, byte[] data) {
        return new Entry(index, term, Type.COMMAND, data);
    }

    static Entry noop(long index, long term) {
        return new Entry(index, term, Type.NOOP, new byte[0]);
    }

    /** Entries are equal when all four parts are, the bytes compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && index == e.index && term == e.term && type == e.type && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Entry[" + index + "@" + term + " " + type + " " + data.length + " bytes]";
    }
}
