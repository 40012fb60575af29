package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;

/**
 * {@code FETCH_SNAPSHOT} (op {@code 0x11}): the next part of the snapshot a {@link Fetch.FullResync}
 * named. The leader keeps the snapshot open between requests (and closes it when the follower
 * stops asking); each answer holds the next live records in chapter 1's format and says whether
 * the snapshot is done, and how far it has got, for progress.
 *
 * <pre>
 *   request:  snapshot-id i64, max-bytes i64, tags
 *   response: OK, records bytes, done u8, position i64, snapshot-sequence i64, tags
 * </pre>
 */
public final class FetchSnapshot {
    public static final int OP = 0x11;

    private FetchSnapshot() {
    }

    public record Request(long snapshotId, long maxBytes) implements io.patrickdb.protocol.Request {
        @Override
        public int opCode() {
            return OP;
        }
    }

    /**
     * @param position how far the snapshot has read the leader's log (of {@code sequence})
     */
    public record Response(byte[] records, boolean done, long position, long sequence) implements io.patrickdb.protocol.Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "fetch-snapshot", Request.class,
                (r, out) -> out.i64(r.snapshotId()).i64(r.maxBytes()),
                in -> new Request(in.i64(), in.i64()),
                Response.class,
                (r, out) -> out.bytes(r.records()).u8(r.done() ? 1 : 0).i64(r.position()).i64(r.sequence()),
                in -> new Response(in.bytes(), in.u8() == 1, in.i64(), in.i64()));
    }
}
