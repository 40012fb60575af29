package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import java.util.Objects;

/**
 * {@code FETCH} (op {@code 0x10}): a follower asks its leader for the records after its offset.
 *
 * <p>The follower names the history it holds (the replication id) and how far it has applied it
 * (the offset: a sequence number). If the leader knows that history and its log still holds
 * every record after the offset, it answers with the next records ({@link Records}, a partial
 * resync); otherwise it tells the follower to start over from a snapshot ({@link FullResync}).
 * The offset also acknowledges: the follower has applied, durably by its own policy, everything
 * up to it. When there is nothing new, the leader holds the request for up to
 * {@code maxWaitMillis} and answers as soon as a write arrives (a long poll, as Kafka's followers
 * fetch), so a caught-up follower asks a few times a second and hears of a write at once.
 *
 * <pre>
 *   request:  node-id string, connection i64, address string, replication-id string, offset i64, max-bytes i64,
 *             max-wait-millis i64, tags
 *   response: OK, kind u8 = 0, replication-id string, leader-sequence i64, records bytes, tags
 *             OK, kind u8 = 1, replication-id string, snapshot-id i64, snapshot-sequence i64, tags
 * </pre>
 */
public final class Fetch {
    public static final int OP = 0x10;

    private Fetch() {
    }

    /**
     * @param nodeId        the follower's stable name (kept in its data directory)
     * @param connection    a number the follower picks for each connection to the leader, so that
     *                      the leader knows when a follower has come back (after a crash, say)
     * @param address       where the follower serves clients, for status output
     * @param replicationId the history the follower holds; empty if none
     * @param offset        the last sequence number it applied
     */
    public record Request(String nodeId, long connection, String address, String replicationId, long offset, long maxBytes,
                          long maxWaitMillis) implements io.patrickdb.protocol.Request {
        public Request {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(replicationId, "replicationId");
        }

        @Override
        public int opCode() {
            return OP;
        }
    }

    /** The leader's answer. */
    public sealed interface Response extends io.patrickdb.protocol.Response permits Records, FullResync {
        @Override
        default Status status() {
            return Status.OK;
        }
    }

    /**
     * The records after the follower's offset (possibly none), in chapter 1's format
     * ({@link RecordBatch}), and the leader's own last sequence number, for the lag.
     */
    public record Records(String replicationId, long leaderSequence, byte[] records) implements Response {
    }

    /** Start over: reset the store, read snapshot {@code snapshotId}, then fetch from {@code snapshotSequence}. */
    public record FullResync(String replicationId, long snapshotId, long snapshotSequence) implements Response {
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "fetch", Request.class,
                (r, out) -> out.string(r.nodeId()).i64(r.connection()).string(r.address()).string(r.replicationId()).i64(r.offset())
                        .i64(r.maxBytes()).i64(r.maxWaitMillis()),
                in -> new Request(in.string(), in.i64(), in.string(), in.string(), in.i64(), in.i64(), in.i64()),
                Response.class, Fetch::writeResponse, Fetch::readResponse);
    }

    private static void writeResponse(Response response, io.patrickdb.protocol.BodyWriter out) {
        if (response instanceof Records r) {
            out.u8(0).string(r.replicationId()).i64(r.leaderSequence()).bytes(r.records());
        } else if (response instanceof FullResync f) {
            out.u8(1).string(f.replicationId()).i64(f.snapshotId()).i64(f.snapshotSequence());
        }
    }

    private static Response readResponse(BodyReader in) {
        return switch (in.u8()) {
            case 0 -> new Records(in.string(), in.i64(), in.bytes());
            case 1 -> new FullResync(in.string(), in.i64(), in.i64());
            default -> throw new MalformedFrameException("a fetch response's kind must be 0 or 1");
        };
    }
}
