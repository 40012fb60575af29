package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import io.patrickdb.index.Versioned;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code LOCAL_GET} (op {@code 0x24}): a read of the answering node's own copy, as it is now,
 * without asking the leader: the explicit stale option of a quorum group. Any node answers it at
 * once, a follower cut off from the group too, so it may miss writes that were acknowledged before
 * it was sent. A plain {@code GET} is linearizable instead; this is for reads that prefer an
 * answer now to the latest one, and for the test that shows the difference.
 *
 * <pre>
 *   request:  key string, tags
 *   response: OK, found u8, (if found) value bytes, version i64, expires-at i64; applied i64, tags
 * </pre>
 *
 * {@code applied} is the index of the last entry the node had applied: how old the answer may be.
 */
public final class LocalGet {
    public static final int OP = 0x24;

    private LocalGet() {
    }

    public record Request(String key) implements io.patrickdb.protocol.Request {
        public Request {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public int opCode() {
            return OP;
        }
    }

    public record Response(Optional<Versioned> value, long applied) implements io.patrickdb.protocol.Response {
        public Response {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "local-get", Request.class, (r, out) -> out.string(r.key()), in -> new Request(in.string()),
                Response.class, (r, out) -> {
                    out.u8(r.value().isPresent() ? 1 : 0);
                    r.value().ifPresent(v -> out.bytes(v.value()).i64(v.version()).i64(v.expiresAt()));
                    out.i64(r.applied());
                },
                in -> {
                    Optional<Versioned> value = in.u8() == 1 ? Optional.of(new Versioned(in.bytes(), in.i64(), in.i64())) : Optional.empty();
                    return new Response(value, in.i64());
                });
    }
}
