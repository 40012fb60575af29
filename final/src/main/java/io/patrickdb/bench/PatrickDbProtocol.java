package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Patrick-DB's binary protocol, version 1 ({@code chapter2-encoding/PROTOCOL.md}), reduced to
 * what the load generator sends: get (op {@code 02} version 1) and put (op {@code 03} version 1,
 * no expiry). Every frame is
 *
 * <pre>
 *   50 44 | length u32 | op u8 | version u8 | flags u8 | request id u32 | body
 * </pre>
 *
 * where the length counts the 7 header bytes and the body. The server may answer out of order,
 * so the parser reports the request id each response carries.
 *
 * <p>This class is the one place in the generator that knows the frame layout; it is written
 * straight from the spec, so that it also checks the spec's examples byte for byte.
 */
final class PatrickDbProtocol implements WireProtocol {
    static final int MAGIC = 0x5044;
    static final int GET = 0x02;
    static final int PUT = 0x03;
    static final int CONNECTION_ERROR = 0xff;
    static final int OK = 0x00;
    static final int NOT_FOUND = 0x01;
    static final int FIRST_ERROR_STATUS = 0x40;
    /** A response longer than this is not one to a get of a bench-sized value: stop reading. */
    static final int MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    private static final int PREFIX_BYTES = 6;   // magic and length
    private static final int HEADER_BYTES = 7;   // op, version, flags, request id
    private static final int VERSION_1 = 1;
    private static final int NO_TAGS = 0;

    @Override
    public void encodeGet(ByteBuf out, int requestId, byte[] key) {
        int lengthAt = startFrame(out, GET, requestId);
        writeBytes(out, key);   // a string is a length and UTF-8 bytes; the generator's keys are ASCII
        out.writeByte(NO_TAGS);
        endFrame(out, lengthAt);
    }

    @Override
    public void encodeSet(ByteBuf out, int requestId, byte[] key, byte[] value) {
        int lengthAt = startFrame(out, PUT, requestId);
        writeBytes(out, key);
        writeBytes(out, value);
        out.writeLong(0);   // ttl-millis: 0 is no expiry
        out.writeByte(NO_TAGS);
        endFrame(out, lengthAt);
    }

    /** Writes the prefix and header with a placeholder length; returns where the length goes. */
    private static int startFrame(ByteBuf out, int op, int requestId) {
        out.writeShort(MAGIC);
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        out.writeByte(op).writeByte(VERSION_1).writeByte(0).writeInt(requestId);
        return lengthAt;
    }

    /** The length counts everything after itself: now that the body is written, it is known. */
    private static void endFrame(ByteBuf out, int lengthAt) {
        out.setInt(lengthAt, out.writerIndex() - lengthAt - Integer.BYTES);
    }

    private static void writeBytes(ByteBuf out, byte[] bytes) {
        writeUvarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    /** Unsigned LEB128: seven bits per byte, low bits first, the high bit set on all but the last. */
    static void writeUvarint(ByteBuf out, int value) {
        while ((value & ~0x7f) != 0) {
            out.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    @Override
    public ResponseParser newParser() {
        return new Parser();
    }

    /** Reads response frames; each names the request it answers. */
    static final class Parser implements ResponseParser {
        @Override
        public void parse(ByteBuf in, Listener listener) {
            while (in.readableBytes() >= PREFIX_BYTES) {
                int start = in.readerIndex();
                long length = frameLength(in, start);
                if (in.readableBytes() < PREFIX_BYTES + length) {
                    return;
                }
                int end = start + PREFIX_BYTES + (int) length;
                report(in, start, end, listener);
                in.readerIndex(end);
            }
        }

        private static long frameLength(ByteBuf in, int start) {
            if (in.getUnsignedShort(start) != MAGIC) {
                throw new ProtocolException(String.format("not a Patrick-DB frame: it starts with %04x, not 5044",
                        in.getUnsignedShort(start)));
            }
            long length = in.getUnsignedInt(start + 2);
            if (length < HEADER_BYTES + 1 || length > MAX_FRAME_LENGTH) {
                throw new ProtocolException("a response frame of length " + length
                        + " (a response has at least a header and a status, and at most " + MAX_FRAME_LENGTH + " bytes)");
            }
            return length;
        }

        /** Reads the header and the status byte that starts every response body. */
        private static void report(ByteBuf in, int start, int end, Listener listener) {
            int header = start + PREFIX_BYTES;
            int op = in.getUnsignedByte(header);
            int requestId = in.getInt(header + 3);
            int status = in.getUnsignedByte(header + HEADER_BYTES);
            if (op == CONNECTION_ERROR) {
                throw new ProtocolException("the server closes the connection: status "
                        + String.format("%02x", status) + " " + errorMessage(in, header + HEADER_BYTES + 1, end));
            }
            if (status == OK || (status == NOT_FOUND && op == GET)) {
                listener.response(requestId);
            } else {
                listener.error(requestId, String.format("status %02x", status)
                        + (status >= FIRST_ERROR_STATUS ? " " + errorMessage(in, header + HEADER_BYTES + 1, end) : ""));
            }
        }

        /** The message string of an error body (statuses 40 and up), best effort. */
        private static String errorMessage(ByteBuf in, int at, int end) {
            int length = 0;
            for (int shift = 0; shift < 35 && at < end; shift += 7) {
                int b = in.getUnsignedByte(at++);
                length |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    int available = Math.max(0, Math.min(length, end - at));
                    return in.toString(at, available, StandardCharsets.UTF_8);
                }
            }
            return "";
        }
    }
}
