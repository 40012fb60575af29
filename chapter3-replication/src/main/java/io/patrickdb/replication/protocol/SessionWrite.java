package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import java.util.Objects;

/**
 * {@code SESSION_WRITE} (op {@code 0x21}): a write to a quorum group that a client may send again
 * after a lost answer without its being applied twice. The client names itself ({@code client},
 * unique: a random id) and numbers its writes 1, 2, 3, ... ({@code seq}), sending the next only
 * once the last one has been answered; a write sent again keeps its number. The group applies
 * each number once and answers a repeat with the first answer. This is the only way to append,
 * memcached's operation that adds bytes to the end of a value: a duplicated append would show.
 *
 * <pre>
 *   request:  client string, seq i64, kind u8 (1 put, 2 delete, 3 compare-and-set, 4 append),
 *             key string, value bytes, expected-version i64, ttl-millis i64, tags
 *   response: OK, outcome u8 (0 done, 1 not found, 2 version mismatch, 3 refused), version i64, tags
 * </pre>
 *
 * {@code version} is the key's new version when done, and its current version on a mismatch.
 * A leader that loses its leadership before the write is committed answers {@code NOT_LEADER}:
 * the write may or may not be applied later, and the client sends it again, with the same number,
 * to the new leader.
 */
public final class SessionWrite {
    public static final int OP = 0x21;

    private SessionWrite() {
    }

    /** The kind of write; its order is the wire's numbering, from 1. */
    public enum Kind { PUT, DELETE, COMPARE_AND_SET, APPEND }

    /** What the write came to; its order is the wire's numbering, from 0. */
    public enum Outcome { DONE, NOT_FOUND, VERSION_MISMATCH, REFUSED }

    public record Request(String client, long seq, Kind kind, String key, byte[] value, long expectedVersion, long ttlMillis)
            implements io.patrickdb.protocol.Request {
        public Request {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int opCode() {
            return OP;
        }
    }

    public record Response(Outcome outcome, long version) implements io.patrickdb.protocol.Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "session-write", Request.class,
                (r, out) -> out.string(r.client()).i64(r.seq()).u8(r.kind().ordinal() + 1).string(r.key()).bytes(r.value())
                        .i64(r.expectedVersion()).i64(r.ttlMillis()),
                in -> {
                    String client = in.string();
                    long seq = in.i64();
                    int kind = in.u8();
                    if (kind < 1 || kind > Kind.values().length) {
                        throw new MalformedFrameException("unknown write kind " + kind);
                    }
                    return new Request(client, seq, Kind.values()[kind - 1], in.string(), in.bytes(), in.i64(), in.i64());
                },
                Response.class, (r, out) -> out.u8(r.outcome().ordinal()).i64(r.version()),
                in -> {
                    int outcome = in.u8();
                    if (outcome >= Outcome.values().length) {
                        throw new MalformedFrameException("unknown write outcome " + outcome);
                    }
                    return new Response(Outcome.values()[outcome], in.i64());
                });
    }
}
