package io.patrickdb.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The first stage of every pipeline: cuts the byte stream into {@link Frame}s using only the
 * frozen prefix, so it works for operations and versions no one has invented yet. It checks the
 * magic as soon as two bytes arrive (a stray HTTP request is refused at once, not after 2 MiB)
 * and the length before buffering the body, so a peer cannot make it hold more than
 * {@code maxFrameBytes}. Anything wrong here is a {@link ConnectionErrorException}: the stream
 * has lost its framing.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean broken;

    /** @param maxFrameBytes the largest length field accepted (header and body) */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < Frame.HEADER_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be at least " + Frame.HEADER_BYTES);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes()); // the connection is closing; what follows is noise
            return;
        }
        // BEGIN SOLUTION chapter2.part2
        int start = in.readerIndex();
        if (in.readableBytes() < 2) {
            return;
        }
        int magic = in.getUnsignedShort(start);
        if (magic != Frame.MAGIC) {
            throw fail(Status.MALFORMED, String.format("not a Patrick-DB frame: magic is 0x%04x, expected 0x%04x", magic, Frame.MAGIC));
        }
        if (in.readableBytes() < Frame.PREFIX_BYTES) {
            return;
        }
        long length = in.getUnsignedInt(start + 2);
        if (length < Frame.HEADER_BYTES) {
            throw fail(Status.MALFORMED, "frame length " + length + " is shorter than the " + Frame.HEADER_BYTES + "-byte header");
        }
        if (length > maxFrameBytes) {
            throw fail(Status.FRAME_TOO_LARGE, "frame of " + length + " bytes is larger than the limit of " + maxFrameBytes);
        }
        if (in.readableBytes() < Frame.PREFIX_BYTES + length) {
            return; // wait for the rest; the length is bounded, so waiting is safe
        }
        int at = start + Frame.PREFIX_BYTES;
        Header header = new Header(in.getUnsignedByte(at), in.getUnsignedByte(at + 1), in.getUnsignedByte(at + 2), in.getInt(at + 3));
        ByteBuf body = in.retainedSlice(at + Frame.HEADER_BYTES, (int) length - Frame.HEADER_BYTES);
        in.skipBytes(Frame.PREFIX_BYTES + (int) length);
        out.add(new Frame(header, body));
        // STUB: throw new UnsupportedOperationException("chapter2.part2: check the prefix, wait for the whole frame, cut it out");
        // END SOLUTION
    }

    private ConnectionErrorException fail(Status status, String message) {
        broken = true;
        return new ConnectionErrorException(status, message);
    }
}
