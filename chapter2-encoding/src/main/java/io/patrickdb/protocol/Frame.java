package io.patrickdb.protocol;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * One frame whose prefix has been checked and whose body has not been looked at yet: what
 * {@link FrameDecoder} cuts out of the byte stream. The body is a reference-counted slice of
 * the connection's buffer; whoever consumes the frame releases it.
 *
 * <pre>
 *   magic (2) | length (4) | op (1) | version (1) | flags (1) | request id (4) | body
 * </pre>
 *
 * @param header the header
 * @param body   the body, {@code length - 7} bytes
 */
public record Frame(Header header, ByteBuf body) {

    /** "PD": the first two bytes of every frame. */
    public static final int MAGIC = 0x5044;
    /** Magic and length: the part of a frame that never changes. */
    public static final int PREFIX_BYTES = 6;
    /** Op, version, flags, request id. */
    public static final int HEADER_BYTES = 7;
    /** The default largest frame a server accepts (length field value): a 1 MiB value and room to spare. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;

    /** Writes a whole frame: prefix, header, and the body that {@code body} writes. */
    public static void write(ByteBuf out, Header header, Consumer<BodyWriter> body) {
        // BEGIN SOLUTION chapter2.part2
        int start = out.writerIndex();
        out.writeShort(MAGIC);
        out.writeInt(0); // the length, filled in once the body is written
        out.writeByte(header.opCode());
        out.writeByte(header.version());
        out.writeByte(header.flags());
        out.writeInt(header.requestId());
        body.accept(new BodyWriter(out));
        out.setInt(start + 2, out.writerIndex() - start - PREFIX_BYTES);
        // STUB: throw new UnsupportedOperationException("chapter2.part2: write the prefix, the header and the body, then the length");
        // END SOLUTION
    }
}
