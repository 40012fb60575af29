package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.Protocol;

/** Chapter 2's protocol with chapter 3's operations added: what a replicated node and its clients speak. */
public final class ReplicationProtocol {
    private static final Protocol V1 = Protocol.v1()
            .with(Fetch.codec())
            .with(FetchSnapshot.codec())
            .with(Wait.codec())
            .with(ReplicationStatus.codec())
            .with(ReplicaOf.codec())
            .with(RaftPeer.codec())
            .with(SessionWrite.codec())
            .with(RaftStatus.codec())
            .with(RaftSnapshotChunk.codec())
            .with(LocalGet.codec())
            .with(MembershipChange.codec());

    private ReplicationProtocol() {
    }

    public static Protocol v1() {
        return V1;
    }
}
