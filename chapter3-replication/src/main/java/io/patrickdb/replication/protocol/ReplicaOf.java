package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;

/**
 * {@code REPLICA_OF} (op {@code 0x14}), as Redis's {@code REPLICAOF}: makes the node a follower of
 * {@code leader} ("host:port"), or, with an empty leader, a leader itself: a promotion. A
 * promoted node starts a new replication id and remembers the old one, up to its offset, so
 * that the other followers of its old leader can continue from it without a full resync.
 *
 * <pre>
 *   request:  leader string ("" for none), tags
 *   response: OK, role string, replication-id string, tags
 * </pre>
 */
public final class ReplicaOf {
    public static final int OP = 0x14;

    private ReplicaOf() {
    }

    public record Request(String leader) implements io.patrickdb.protocol.Request {
        @Override
        public int opCode() {
            return OP;
        }
    }

    public record Response(String role, String replicationId) implements io.patrickdb.protocol.Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "replica-of", Request.class, (r, out) -> out.string(r.leader()),
                in -> new Request(in.string()), Response.class,
                (r, out) -> out.string(r.role()).string(r.replicationId()), in -> new Response(in.string(), in.string()));
    }
}
