package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Status;
import java.util.List;
import java.util.Objects;

/**
 * {@code MEMBERSHIP} (op {@code 0x25}): adds a node to a quorum group or removes one, one node at a
 * time, as an operator asks ({@code ./patrickdb cluster add-node} and {@code remove-node}). Any
 * node takes it and hands it to the leader. Adding is three steps, each committed before the next:
 * the node joins as a learner (it receives the log but does not vote, so that a majority is not
 * made to wait for a node that has everything still to fetch), it catches up, and it is made a
 * voter. The answer comes when the last step is committed, with the membership it made.
 *
 * <pre>
 *   request:  change u8 (1 add, 2 remove), node-id string, address string (for an add: where the
 *             node serves), tags
 *   response: OK, voters list of string, learners list of string, tags
 * </pre>
 */
public final class MembershipChange {
    public static final int OP = 0x25;

    private MembershipChange() {
    }

    public enum Change { ADD, REMOVE }

    public record Request(Change change, String nodeId, String address) implements io.patrickdb.protocol.Request {
        public Request {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public int opCode() {
            return OP;
        }
    }

    public record Response(List<String> voters, List<String> learners) implements io.patrickdb.protocol.Response {
        public Response {
            voters = List.copyOf(voters);
            learners = List.copyOf(learners);
        }

        @Override
        public Status status() {
            return Status.OK;
        }
    }

    static OperationCodec codec() {
        return new SimpleCodec<>(OP, "membership", Request.class,
                (r, out) -> out.u8(r.change().ordinal() + 1).string(r.nodeId()).string(r.address()),
                in -> {
                    int change = in.u8();
                    if (change < 1 || change > Change.values().length) {
                        throw new MalformedFrameException("unknown membership change " + change);
                    }
                    return new Request(Change.values()[change - 1], in.string(), in.string());
                },
                Response.class, (r, out) -> out.list(r.voters(), BodyWriter::string).list(r.learners(), BodyWriter::string),
                in -> new Response(in.list(BodyReader::string), in.list(BodyReader::string)));
    }
}
