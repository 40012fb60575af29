package io.patrickdb.replication.raft;

import java.util.List;

/**
 * What the core asks of its driver after a step, in this order:
 * <ol>
 *   <li>persist: the {@code snapshot} if there is one (it replaces the log up to its index, and
 *       the entries after it too unless the log's entry at its index has its term), then
 *       the {@code entries} (the first one's index and everything after it are replaced), then the
 *       {@code hardState} if it is not null, and fsync;</li>
 *   <li>only then send the {@code messages}: a vote or an acknowledgement must never be seen by
 *       another node before it is on disk;</li>
 *   <li>apply the {@code snapshot} to the state machine, then the {@code committed} entries, in order;</li>
 *   <li>serve each of the {@code reads} once the state machine has applied its index, and fail the
 *       {@code droppedReads} (this node stopped leading: the client asks the new leader).</li>
 * </ol>
 */
public record Ready(HardState hardState, List<Entry> entries, SnapshotMeta snapshot, byte[] snapshotData,
                    List<RaftMessage> messages, List<Entry> committed, List<ReadState> reads, List<Long> droppedReads) {
    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committed = List.copyOf(committed);
        reads = List.copyOf(reads);
        droppedReads = List.copyOf(droppedReads);
    }

    /** Whether there is nothing to do. */
    public boolean isEmpty() {
        return hardState == null && entries.isEmpty() && snapshot == null && messages.isEmpty() && committed.isEmpty()
                && reads.isEmpty() && droppedReads.isEmpty();
    }
}
