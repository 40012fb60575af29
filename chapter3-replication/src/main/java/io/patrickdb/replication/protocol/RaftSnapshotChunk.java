package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.raft.SnapshotMeta;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * {@code RAFT_SNAPSHOT} (op {@code 0x23}): one piece of a snapshot that a leader sends to a
 * follower too far behind its log (Raft's InstallSnapshot, streamed). A snapshot can be far larger
 * than a frame, so the leader sends its file in chunks, each once the last was answered; the
 * follower appends each at its offset and, with the last one, has the whole file and hands the
 * snapshot to Raft. A chunk at an offset other than the one the follower expects is refused: the
 * leader starts over later.
 *
 * <pre>
 *   request:  term i64, from string, to string, index i64, snapshot-term i64, voters list of string,
 *             learners list of string, offset i64, total i64, data bytes, last u8, tags
 *   response: OK, tags
 * </pre>
 */
public final class RaftSnapshotChunk {
    public static final int OP = 0x23;

    private RaftSnapshotChunk() {
    }

    public record Request(long term, String from, String to, SnapshotMeta meta, long offset, long total, byte[] data, boolean last)
            implements io.patrickdb.protocol.Request {
        public Request {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(meta, "meta");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public int opCode() {
            return OP;
        }

        @Override
        public String toString() {
            return "RaftSnapshotChunk[" + from + "->" + to + " index " + meta.index() + " bytes " + offset + "+" + data.length
                    + " of " + total + (last ? ", last" : "") + "]";
        }
    }

    public record Response() implements io.patrickdb.protocol.Response {
        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "raft-snapshot", Request.class,
                (r, out) -> out.i64(r.term()).string(r.from()).string(r.to()).i64(r.meta().index()).i64(r.meta().term())
                        .list(List.copyOf(r.meta().voters()), BodyWriter::string)
                        .list(List.copyOf(r.meta().learners()), BodyWriter::string)
                        .i64(r.offset()).i64(r.total()).bytes(r.data()).u8(r.last() ? 1 : 0),
                in -> {
                    long term = in.i64();
                    String from = in.string();
                    String to = in.string();
                    long index = in.i64();
                    long snapshotTerm = in.i64();
                    List<String> voters = in.list(BodyReader::string);
                    List<String> learners = in.list(BodyReader::string);
                    long offset = in.i64();
                    long total = in.i64();
                    byte[] data = in.bytes();
                    int last = in.u8();
                    if (last > 1 || offset < 0 || total < offset + data.length) {
                        throw new MalformedFrameException("snapshot chunk at " + offset + "+" + data.length + " of " + total);
                    }
                    return new Request(term, from, to, new SnapshotMeta(index, snapshotTerm, new HashSet<>(voters),
                            new HashSet<>(learners)), offset, total, data, last == 1);
                },
                Response.class, (r, out) -> { }, in -> new Response());
    }
}
