package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Header;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;

/**
 * Patrick-DB's binary protocol ({@code chapter2-encoding/PROTOCOL.md}) as the load generator
 * uses it: get and put, framed by the protocol's own {@link Frame#write} and {@code BodyWriter},
 * so the generator sends exactly what a real client sends. The server may answer out of order,
 * so the parser reports the request id each response carries.
 *
 * <p>Reading a response needs only its header and status byte, which sit at fixed offsets after
 * the frozen prefix; the full decoder runs only for errors, to show their message.
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
            String error = describe(header, in.slice(at + Frame.HEADER_BYTES, end - at - Frame.HEADER_BYTES));
            if (header.opCode() == OpCode.CONNECTION_ERROR) {
                throw new ProtocolException("the server closes the connection: " + error);
            }
            listener.error(header.requestId(), error);
        }

        /** An error response as people read it: its status and message. */
        private static String describe(Header header, ByteBuf body) {
            try {
                Response response = PROTOCOL.readResponse(new Frame(header, body));
                return response instanceof Response.Error e ? e.status() + ": " + e.message() : "unexpected " + response;
            } catch (RuntimeException e) {
                return "undecodable response: " + e.getMessage();
            }
        }
    }
}
