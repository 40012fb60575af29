package io.patrickdb.replication.raft;

import java.util.Set;

/**
 * Where a snapshot of the state machine stands in the log: it holds the effect of every entry up
 * to {@code index}, whose term was {@code term}, and the group's membership at that point.
 */
public record SnapshotMeta(long index, long term, Set<String> voters, Set<String> learners) {
    public SnapshotMeta {
        voters = Membership.sorted(voters);
        learners = Membership.sorted(learners);
    }

    public SnapshotMeta(long index, long term, Set<String> voters) {
        this(index, term, voters, Set.of());
    }

    Membership membership() {
        return new Membership(voters, learners);
    }
}
