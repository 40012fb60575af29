package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.raft.Entry;
import io.patrickdb.replication.raft.RaftMessage;
import io.patrickdb.replication.raft.SnapshotMeta;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code RAFT} (op {@code 0x20}): one {@link RaftMessage} from one node of a quorum group to
 * another. Raft's messages are one-way: an answer to a vote or an append is a message of its own,
 * sent back on the receiver's connection to the sender. So the response to this request only
 * says that the message arrived ({@code OK}, empty), and a node never waits for it.
 *
 * <pre>
 *   request:  kind u8, term i64, from string, to string, then by kind:
 *               1 vote request:    last-index i64, last-term i64, pre-vote u8
 *               2 vote response:   granted u8, pre-vote u8
 *               3 append request:  prev-index i64, prev-term i64, commit i64, context i64,
 *                                  entries list of (index i64, term i64, type u8, data bytes)
 *               4 append response: success u8, match-index i64, conflict-term i64, conflict-index i64, context i64
 *               5 snapshot:        index i64, term i64, voters list of string, learners list of string, data bytes
 *             tags
 *   response: OK, tags
 * </pre>
 *
 * An entry's type is 0 (no-op), 1 (command) or 2 (membership).
 */
public final class RaftPeer {
    public static final int OP = 0x20;

    private RaftPeer() {
    }

    public record Request(RaftMessage message) implements io.patrickdb.protocol.Request {
        @Override
        public int opCode() {
            return OP;
        }
    }

    public record Response() implements io.patrickdb.protocol.Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "raft", Request.class, (r, out) -> write(r.message(), out), in -> new Request(read(in)),
                Response.class, (r, out) -> { }, in -> new Response());
    }

    private static void write(RaftMessage m, BodyWriter out) {
        if (m instanceof RaftMessage.VoteRequest v) {
            header(1, m, out).i64(v.lastIndex()).i64(v.lastTerm()).u8(v.preVote() ? 1 : 0);
        } else if (m instanceof RaftMessage.VoteResponse v) {
            header(2, m, out).u8(v.granted() ? 1 : 0).u8(v.preVote() ? 1 : 0);
        } else if (m instanceof RaftMessage.AppendRequest a) {
            header(3, m, out).i64(a.prevIndex()).i64(a.prevTerm()).i64(a.commit()).i64(a.context())
                    .list(a.entries(), (w, e) -> w.i64(e.index()).i64(e.term()).u8(e.type().ordinal()).bytes(e.data()));
        } else if (m instanceof RaftMessage.AppendResponse a) {
            header(4, m, out).u8(a.success() ? 1 : 0).i64(a.matchIndex()).i64(a.conflictTerm()).i64(a.conflictIndex())
                    .i64(a.context());
        } else if (m instanceof RaftMessage.SnapshotRequest s) {
            header(5, m, out).i64(s.meta().index()).i64(s.meta().term())
                    .list(List.copyOf(s.meta().voters()), BodyWriter::string)
                    .list(List.copyOf(s.meta().learners()), BodyWriter::string).bytes(s.data());
        }
    }

    private static BodyWriter header(int kind, RaftMessage m, BodyWriter out) {
        return out.u8(kind).i64(m.term()).string(m.from()).string(m.to());
    }

    private static RaftMessage read(BodyReader in) {
        int kind = in.u8();
        long term = in.i64();
        String from = in.string();
        String to = in.string();
        return switch (kind) {
            case 1 -> new RaftMessage.VoteRequest(term, from, to, in.i64(), in.i64(), flag(in));
            case 2 -> new RaftMessage.VoteResponse(term, from, to, flag(in), flag(in));
            case 3 -> {
                long prevIndex = in.i64();
                long prevTerm = in.i64();
                long commit = in.i64();
                long context = in.i64();
                List<Entry> entries = in.list(RaftPeer::entry);
                yield new RaftMessage.AppendRequest(term, from, to, prevIndex, prevTerm, entries, commit, context);
            }
            case 4 -> new RaftMessage.AppendResponse(term, from, to, flag(in), in.i64(), in.i64(), in.i64(), in.i64());
            case 5 -> {
                long index = in.i64();
                long snapTerm = in.i64();
                Set<String> voters = new HashSet<>(in.list(BodyReader::string));
                Set<String> learners = new HashSet<>(in.list(BodyReader::string));
                yield new RaftMessage.SnapshotRequest(term, from, to, new SnapshotMeta(index, snapTerm, voters, learners), in.bytes());
            }
            default -> throw new MalformedFrameException("unknown raft message kind " + kind);
        };
    }

    private static Entry entry(BodyReader in) {
        long index = in.i64();
        long term = in.i64();
        int type = in.u8();
        if (type >= Entry.Type.values().length) {
            throw new MalformedFrameException("unknown raft entry type " + type);
        }
        byte[] data = in.bytes();
        if (index < 1 || term < 1) {
            throw new MalformedFrameException("raft entry with index " + index + " and term " + term + " (both start at 1)");
        }
        return new Entry(index, term, Entry.Type.values()[type], data);
    }

    private static boolean flag(BodyReader in) {
        int b = in.u8();
        if (b > 1) {
            throw new MalformedFrameException("a flag is 0 or 1, not " + b);
        }
        return b == 1;
    }
}
