package io.patrickdb.replication.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The log in memory: the entries after the last snapshot, and the index and term of the last
 * entry the snapshot covers (so that the entry after it can still be checked against it). Indexes
 * start at 1; index 0, term 0 is the empty log's "entry before the first".
 */
final class RaftLog {
    private long snapshotIndex;
    private long snapshotTerm;
    private final ArrayList<Entry> entries = new ArrayList<>(); // entries.get(i).index() == snapshotIndex + 1 + i

    RaftLog(long snapshotIndex, long snapshotTerm, List<Entry> after) {
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
        for (Entry e : after) {
            append(e);
        }
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapshotTerm : entries.get(entries.size() - 1).term();
    }

    /** The term of the entry at {@code index}, or -1 if the log does not know it (compacted, or not there yet). */
    long termAt(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - snapshotIndex - 1)).term();
    }

    Entry get(long index) {
        if (index <= snapshotIndex || index > lastIndex()) {
            throw new IllegalArgumentException("no entry " + index + " in a log of " + (snapshotIndex + 1) + ".." + lastIndex());
        }
        return entries.get((int) (index - snapshotIndex - 1));
    }

    /** Up to {@code max} entries from {@code from} on (from must be after the snapshot). */
    List<Entry> from(long from, int max) {
        int start = (int) (from - snapshotIndex - 1);
        int end = (int) Math.min(entries.size(), (long) start + max);
        return start >= end ? List.of() : List.copyOf(entries.subList(start, end));
    }

    /** The entries from {@code from} to {@code to}, both included. */
    List<Entry> between(long from, long to) {
        return from > to ? List.of() : from(from, (int) (to - from + 1));
    }

    void append(Entry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalArgumentException("entry " + e.index() + " appended to a log ending at " + lastIndex());
        }
        entries.add(e);
    }

    /** Drops the entry at {@code index} and every one after it: they conflict with the leader's. */
    void truncateFrom(long index) {
        int keep = (int) (index - snapshotIndex - 1);
        entries.subList(keep, entries.size()).clear();
    }

    /** Drops the entries up to {@code index}, which a snapshot now covers. */
    void compact(long index) {
        long term = termAt(index);
        if (term < 0) {
            throw new IllegalArgumentException("cannot compact to " + index + ": not in the log");
        }
        entries.subList(0, (int) (index - snapshotIndex)).clear();
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /** Replaces the whole log by a snapshot's position: a follower that installed the leader's snapshot. */
    void restore(long index, long term) {
        entries.clear();
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /** The first index at or before {@code index} whose entry has {@code term}, going back over that term's entries. */
    long firstIndexOfTerm(long index) {
        long term = termAt(index);
        long i = index;
        while (i - 1 > snapshotIndex && termAt(i - 1) == term) {
            i--;
        }
        return i;
    }

    /** The last index holding an entry of {@code term}, or -1 if the log has none. */
    long lastIndexOfTerm(long term) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            long t = entries.get(i).term();
            if (t == term) {
                return entries.get(i).index();
            }
            if (t < term) {
                break;
            }
        }
        return -1;
    }
}
