package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import java.util.List;

/**
 * {@code RAFT_STATUS} (op {@code 0x22}): what {@code ./patrickdb status} shows for a node of a
 * quorum group, as etcd's {@code endpoint status}: who the node is and which process, its role
 * and term, the leader it knows, how far its log, its commit index and its state machine are,
 * the membership, and on a leader each peer's progress.
 *
 * <pre>
 *   request:  tags
 *   response: OK, node-id string, pid i64, role string, term i64, leader-id string, leader-address string,
 *             last-index i64, commit i64, applied i64, voters list&lt;string&gt;, learners list&lt;string&gt;,
 *             peers list&lt;peer&gt;, snapshot-index i64, snapshot-received i64, snapshot-size i64, tags
 *   peer:     node-id string, address string, match i64, lag i64, snapshot-sent i64, snapshot-size i64
 * </pre>
 * A snapshot on its way shows as bytes so far and its size, on the leader for each peer it sends
 * one to and on the follower receiving it; 0 and 0 when none is.
 */
public final class RaftStatus {
    public static final int OP = 0x22;

    private RaftStatus() {
    }

    public record Request() implements io.patrickdb.protocol.Request {
        @Override
        public int opCode() {
            return OP;
        }
    }

    /**
     * @param role   "leader", "follower", "candidate" or "pre-candidate"
     * @param peers  on a leader, every other member with how far its log matches; empty elsewhere
     * @param snapshotIndex    the index the log was compacted to: it holds the entries after it
     * @param snapshotReceived bytes of a leader's snapshot this node has received so far (0: none coming)
     * @param snapshotSize     that snapshot's size
     */
    public record Response(String nodeId, long pid, String role, long term, String leaderId, String leaderAddress,
                           long lastIndex, long commit, long applied, List<String> voters, List<String> learners,
                           List<Peer> peers, long snapshotIndex, long snapshotReceived, long snapshotSize) implements io.patrickdb.protocol.Response {
        public Response {
            voters = List.copyOf(voters);
            learners = List.copyOf(learners);
            peers = List.copyOf(peers);
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /**
     * One member as the leader sees it.
     *
     * @param match the last index known to agree with the leader's log
     * @param lag   how many entries the leader has beyond {@code match}
     * @param snapshotSent bytes of a snapshot sent to it so far (0: none on its way)
     * @param snapshotSize that snapshot's size
     */
    public record Peer(String nodeId, String address, long match, long lag, long snapshotSent, long snapshotSize) {
        static void write(BodyWriter out, Peer p) {
            out.string(p.nodeId).string(p.address).i64(p.match).i64(p.lag).i64(p.snapshotSent).i64(p.snapshotSize);
        }

        static Peer read(BodyReader in) {
            return new Peer(in.string(), in.string(), in.i64(), in.i64(), in.i64(), in.i64());
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "raft-status", Request.class, (r, out) -> { }, in -> new Request(),
                Response.class,
                (r, out) -> out.string(r.nodeId()).i64(r.pid()).string(r.role()).i64(r.term()).string(r.leaderId())
                        .string(r.leaderAddress()).i64(r.lastIndex()).i64(r.commit()).i64(r.applied())
                        .list(r.voters(), BodyWriter::string).list(r.learners(), BodyWriter::string)
                        .list(r.peers(), Peer::write).i64(r.snapshotIndex()).i64(r.snapshotReceived()).i64(r.snapshotSize()),
                in -> new Response(in.string(), in.i64(), in.string(), in.i64(), in.string(), in.string(), in.i64(), in.i64(),
                        in.i64(), in.list(BodyReader::string), in.list(BodyReader::string), in.list(Peer::read), in.i64(),
                        in.i64(), in.i64()));
    }
}
