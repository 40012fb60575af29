package io.patrickdb.replication.raft;

/**
 * A linearizable read the leader has confirmed: read request {@code id} may be answered from the
 * state machine once it has applied every entry up to {@code index}.
 */
public record ReadState(long id, long index) {
}
