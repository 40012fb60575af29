package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;

/**
 * {@code WAIT} (op {@code 0x12}), as Redis's: waits until {@code replicas} followers have
 * acknowledged the write with version {@code version} (every write's version is its sequence
 * number, so "acknowledged it" means "fetched from beyond it"), or until the timeout, and
 * answers how many have. A version of 0 means the leader's latest write. It makes nothing
 * safer by itself: the write is already applied on the leader, whatever the answer.
 *
 * <pre>
 *   request:  replicas i64, timeout-millis i64, version i64, tags
 *   response: OK, acknowledged i64, tags
 * </pre>
 */
public final class Wait {
    public static final int OP = 0x12;

    private Wait() {
    }

    public record Request(long replicas, long timeoutMillis, long version) implements io.patrickdb.protocol.Request {
        @Override
        public int opCode() {
            return OP;
        }
    }

    public record Response(long acknowledged) implements io.patrickdb.protocol.Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "wait", Request.class,
                (r, out) -> out.i64(r.replicas()).i64(r.timeoutMillis()).i64(r.version()),
                in -> new Request(in.i64(), in.i64(), in.i64()),
                Response.class, (r, out) -> out.i64(r.acknowledged()), in -> new Response(in.i64()));
    }
}
