package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.cluster.Moved;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Header;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.quorum.QuorumNode;
import java.util.List;
import java.util.Optional;

/**
 * Patrick-DB's binary protocol ({@code chapter2-encoding/PROTOCOL.md}) as the load generator
 * uses it: get and put, framed by the protocol's own {@link Frame#write} and {@code BodyWriter},
 * so the generator sends exactly what a real client sends. The server may answer out of order,
 * so the parser reports the request id each response carries.
 *
 * <p>Reading a response needs only its header and status byte, which sit at fixed offsets after
 * the frozen prefix; the full decoder runs only for errors, to show their message.
 *
 * <p>Two errors say where to go instead, and the parser reports them as a {@link Redirect}:
 * {@code MOVED} (0x4A, from a node of a partitioned cluster: the slot and the nodes of the group
 * that owns it, chapter 4's {@link Moved}) and {@code NOT_LEADER} (0x48, from a follower of a
 * quorum group: the leader's address in tag 0). A {@code NOT_LEADER} that names no leader, and
 * {@code UNAVAILABLE}, are what a node answers during an election: a redirect to the same node,
 * later ({@link Redirect#later}).
 */
final class PatrickDbProtocol implements WireProtocol {
    /** A response longer than this is not one to a get of a bench-sized value: stop reading. */
    static final int MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    private static final Protocol PROTOCOL = Protocol.v1();
    private static final int VERSION_1 = 1;
    private static final long NO_EXPIRY = 0;

    @Override
    public void encodeGet(ByteBuf out, int requestId, byte[] key) {
        // The generator's keys are ASCII, so their bytes are the UTF-8 string the layout asks for.
        // Writing them as bytes spares a String and a request object per request: the generator
        // must cost less than the server it measures. PatrickDbProtocolTest checks the bytes
        // against PROTOCOL.md's examples.
        Frame.write(out, Header.request(OpCode.GET, VERSION_1, requestId), body -> body.bytes(key).noTags());
    }

    @Override
    public void encodeSet(ByteBuf out, int requestId, byte[] key, byte[] value) {
        Frame.write(out, Header.request(OpCode.PUT, VERSION_1, requestId),
                body -> body.bytes(key).bytes(value).i64(NO_EXPIRY).noTags());
    }

    @Override
    public ResponseParser newParser() {
        return new Parser();
    }

    @Override
    public SlotMap slotMap(String host, int port) {
        return PatrickDbClusterMap.read((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /** Reads response frames; each names the request it answers. */
    static final class Parser implements ResponseParser {
        @Override
        public void parse(ByteBuf in, Listener listener) {
            while (in.readableBytes() >= Frame.PREFIX_BYTES) {
                int start = in.readerIndex();
                long length = frameLength(in, start);
                if (in.readableBytes() < Frame.PREFIX_BYTES + length) {
                    return;
                }
                int end = start + Frame.PREFIX_BYTES + (int) length;
                report(in, start, end, listener);
                in.readerIndex(end);
            }
        }

        private static long frameLength(ByteBuf in, int start) {
            if (in.getUnsignedShort(start) != Frame.MAGIC) {
                throw new ProtocolException(String.format("not a Patrick-DB frame: it starts with %04x, not %04x",
                        in.getUnsignedShort(start), Frame.MAGIC));
            }
            long length = in.getUnsignedInt(start + 2);
            if (length < Frame.HEADER_BYTES + 1 || length > MAX_FRAME_LENGTH) {
                throw new ProtocolException("a response frame of length " + length
                        + " (a response has at least a header and a status, and at most " + MAX_FRAME_LENGTH + " bytes)");
            }
            return length;
        }

        /** Reads the header and the status byte that starts every response body. */
        private static void report(ByteBuf in, int start, int end, Listener listener) {
            int at = start + Frame.PREFIX_BYTES;
            Header header = new Header(in.getUnsignedByte(at), in.getUnsignedByte(at + 1), in.getUnsignedByte(at + 2), in.getInt(at + 3));
            int status = in.getUnsignedByte(at + Frame.HEADER_BYTES);
            if (status == Status.OK.code() || (status == Status.NOT_FOUND.code() && header.opCode() == OpCode.GET)) {
                listener.response(header.requestId());
                return;
            }
            Response response;
            String error;
            try {
                response = PROTOCOL.readResponse(new Frame(header, in.slice(at + Frame.HEADER_BYTES, end - at - Frame.HEADER_BYTES)));
                error = response instanceof Response.Error e ? e.status() + ": " + e.message() : "unexpected " + response;
            } catch (RuntimeException e) {
                response = null;
                error = "undecodable response: " + e.getMessage();
            }
            if (header.opCode() == OpCode.CONNECTION_ERROR) {
                throw new ProtocolException("the server closes the connection: " + error);
            }
            Optional<Redirect> redirect = response instanceof Response.Error e ? redirect(e, error) : Optional.empty();
            if (redirect.isPresent()) {
                listener.redirected(header.requestId(), redirect.get());
            } else {
                listener.error(header.requestId(), error);
            }
        }

        /** Where a {@code MOVED} or {@code NOT_LEADER} answer sends the request, if it says. */
        private static Optional<Redirect> redirect(Response.Error error, String text) {
            if (error.status().equals(Status.MOVED)) {
                return Moved.of(new ServerErrorException(error)).filter(m -> !m.nodes().isEmpty())
                        .map(m -> new Redirect(m.slot(), m.nodes(), text));
            }
            if (error.status().equals(Status.NOT_LEADER)) {
                return Optional.of(error.tags().get(QuorumNode.LEADER_ADDRESS_TAG).map(bytes -> Protocol.decode(bytes, BodyReader::string))
                        .filter(leader -> !leader.isEmpty())
                        .map(leader -> new Redirect(Redirect.SAME_SLOTS, List.of(leader), text))
                        .orElseGet(() -> Redirect.later(text)));
            }
            return error.status().equals(Status.UNAVAILABLE) ? Optional.of(Redirect.later(text)) : Optional.empty();
        }
    }
}
