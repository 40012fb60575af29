package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import java.util.List;

/**
 * {@code REPLICATION_STATUS} (op {@code 0x13}): what {@code ./patrickdb status} shows, as Redis's
 * {@code INFO replication}: the node's role, its history (replication id and offset, and the
 * previous id it can still continue), its leader and the state of its link to it (on a
 * follower), and each follower with its acknowledged offset and lag (on a leader).
 *
 * <pre>
 *   request:  tags
 *   response: OK, role string, replication-id string, previous-id string, previous-end i64,
 *             offset i64, leader string, link string, followers list&lt;follower&gt;, tags
 *   follower: node-id string, address string, acknowledged i64, lag-records i64, lag-millis i64,
 *             since-seen-millis i64, state string
 * </pre>
 */
public final class ReplicationStatus {
    public static final int OP = 0x13;

    private ReplicationStatus() {
    }

    public record Request() implements io.patrickdb.protocol.Request {
        @Override
        public int opCode() {
            return OP;
        }
    }

    /**
     * @param role     "leader" or "follower"
     * @param leader   the leader's address, on a follower; empty on a leader
     * @param link     the follower's link to its leader: "connecting", "full-resync", "streaming"; empty on a leader
     */
    public record Response(String role, String replicationId, String previousId, long previousEnd, long offset,
                           String leader, String link, List<Follower> followers) implements io.patrickdb.protocol.Response {
        public Response {
            followers = List.copyOf(followers);
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    /**
     * One follower as the leader sees it.
     *
     * @param lagRecords  how many sequence numbers the follower's acknowledged offset is behind
     * @param lagMillis   how long ago the leader had nothing the follower has not acknowledged: 0 when caught up
     * @param sinceSeenMillis how long since its last fetch
     * @param state       "full-resync" or "streaming", or "gone" for a follower not seen lately
     */
    public record Follower(String nodeId, String address, long acknowledged, long lagRecords, long lagMillis,
                           long sinceSeenMillis, String state) {
        static void write(BodyWriter out, Follower f) {
            out.string(f.nodeId).string(f.address).i64(f.acknowledged).i64(f.lagRecords).i64(f.lagMillis)
                    .i64(f.sinceSeenMillis).string(f.state);
        }

        static Follower read(BodyReader in) {
            return new Follower(in.string(), in.string(), in.i64(), in.i64(), in.i64(), in.i64(), in.string());
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "replication-status", Request.class, (r, out) -> { }, in -> new Request(),
                Response.class,
                (r, out) -> out.string(r.role()).string(r.replicationId()).string(r.previousId()).i64(r.previousEnd())
                        .i64(r.offset()).string(r.leader()).string(r.link()).list(r.followers(), Follower::write),
                in -> new Response(in.string(), in.string(), in.string(), in.i64(), in.i64(), in.string(), in.string(),
                        in.list(Follower::read)));
    }
}
