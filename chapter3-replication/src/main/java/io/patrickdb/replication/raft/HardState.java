package io.patrickdb.replication.raft;

/**
 * What a node must have on disk before it answers anyone: its current term and whom it voted for
 * in it (so that it never votes twice in one term, even across a crash), and how far it knows the
 * log to be committed (so that a restarted node can apply that far at once).
 */
public record HardState(long term, String votedFor, long commit) {
    public static final HardState INITIAL = new HardState(0, null, 0);
}
