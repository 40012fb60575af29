package io.patrickdb.replication.raft;

import java.util.List;

/**
 * The messages Raft nodes send one another. Every message carries its sender's term: a node that
 * sees a higher term than its own has missed an election and steps down to follower at once.
 */
public sealed interface RaftMessage {
    long term();

    String from();

    String to();

    /**
     * Asks for a vote. With {@code preVote}, only asks whether the receiver <em>would</em> vote
     * (for {@code term}, one more than the sender's own): no one's term changes, so a node cut off
     * from the group and timing out again and again cannot force a healthy group into new
     * elections when it comes back (Raft dissertation, 9.6).
     */
    record VoteRequest(long term, String from, String to, long lastIndex, long lastTerm, boolean preVote) implements RaftMessage {
    }

    record VoteResponse(long term, String from, String to, boolean granted, boolean preVote) implements RaftMessage {
    }

    /**
     * Entries after {@code prevIndex}, accepted only by a follower whose entry at
     * {@code prevIndex} has term {@code prevTerm}; with no entries, a heartbeat. {@code commit} is
     * how far the leader knows the log to be committed; {@code context}, when not 0, is echoed in
     * the answer so that the leader can tell which round of heartbeats a reply belongs to (a read
     * confirms leadership by such a round).
     */
    record AppendRequest(long term, String from, String to, long prevIndex, long prevTerm, List<Entry> entries, long commit,
                         long context) implements RaftMessage {
        public AppendRequest {
            entries = List.copyOf(entries);
        }
    }

    /**
     * The answer to an append or a snapshot. On success, {@code matchIndex} is the last index the
     * follower now knows to agree with the leader. On a refusal, {@code conflictTerm} and
     * {@code conflictIndex} let the leader skip a whole term of entries at once instead of one
     * entry per round trip: the follower's term at the leader's {@code prevIndex} and the first
     * index it holds of that term, or term 0 and the follower's last index + 1 if its log is shorter.
     */
    record AppendResponse(long term, String from, String to, boolean success, long matchIndex, long conflictTerm,
                          long conflictIndex, long context) implements RaftMessage {
    }

    /** The leader's snapshot, for a follower that needs entries the leader no longer has. */
    record SnapshotRequest(long term, String from, String to, SnapshotMeta meta, byte[] data) implements RaftMessage {
    }
}
