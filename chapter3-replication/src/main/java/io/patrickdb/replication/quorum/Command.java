package io.patrickdb.replication.quorum;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.replication.protocol.SessionWrite.Kind;
import java.util.Objects;

/**
 * A write as it travels through the Raft log: what to do to which key, and which client asked,
 * with the number of its request (its session), so that a write the client sends again after a
 * lost answer is applied once ({@link io.patrickdb.replication.raft.ClientSessions}). A client
 * without a session ({@code client} empty: chapter 2's client, say) gets no such promise.
 *
 * <p>Everything that a node would otherwise decide for itself is decided before the command
 * enters the log, so that every node applies exactly the same write: the time is the leader's
 * clock when it proposed the command ({@code proposedAt}), and an expiry is an absolute time
 * computed from it. Whether a key has expired when a later command meets it is judged by that
 * command's time, never by the clock of the node applying it.
 *
 * <pre>
 *   kind u8 (1 put, 2 delete, 3 compare-and-set, 4 append), client string, seq i64, proposed-at i64,
 *   key string, value bytes, expected-version i64, expires-at-millis i64
 * </pre>
 *
 * @param proposedAt      the proposing leader's clock, in milliseconds since the epoch
 * @param expectedVersion for a compare-and-set: the version the key must have (0: must not exist)
 * @param expiresAt       milliseconds since the epoch, 0 for never
 */
public record Command(Kind kind, String client, long seq, long proposedAt, String key, byte[] value, long expectedVersion,
                      long expiresAt) {
    public Command {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** Whether the command carries a session: only then is a repeat recognised. */
    public boolean hasSession() {
        return !client.isEmpty();
    }

    public byte[] encode() {
        return Protocol.encode(w -> w.u8(kind.ordinal() + 1).string(client).i64(seq).i64(proposedAt).string(key).bytes(value)
                .i64(expectedVersion).i64(expiresAt));
    }

    public static Command decode(byte[] bytes) {
        return Protocol.decode(bytes, Command::read);
    }

    private static Command read(BodyReader in) {
        int kind = in.u8();
        if (kind < 1 || kind > Kind.values().length) {
            throw new MalformedFrameException("unknown command kind " + kind);
        }
        return new Command(Kind.values()[kind - 1], in.string(), in.i64(), in.i64(), in.string(), in.bytes(), in.i64(),
                in.i64());
    }

    @Override
    public String toString() {
        return kind + "(" + key + ", " + value.length + " bytes" + (hasSession() ? ", " + client + "#" + seq : "") + ")";
    }
}
