package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The bytes a connection has read but not parsed yet: the start of a response whose end has not
 * arrived. Most reads end on a response's end, and then nothing is copied; a read that ends in
 * the middle of one leaves its tail here, in a buffer of the connection's own that can grow, and
 * the next read is appended to it.
 */
final class Unparsed {
    private ByteBuf partial;

    /** The bytes to parse now: {@code received}, after what earlier reads left, if they left anything. */
    ByteBuf append(ByteBuf received) {
        if (partial == null) {
            return received;
        }
        partial.writeBytes(received);
        received.release();
        return partial;
    }

    /** Keeps the unparsed rest of {@code in} (what {@link #append} returned) for the next read. */
    void keepRest(ByteBuf in, ByteBufAllocator alloc) {
        if (!in.isReadable()) {
            in.release();
            partial = null;
        } else if (in != partial) {
            partial = alloc.buffer(Math.max(256, 2 * in.readableBytes()));
            partial.writeBytes(in);
            in.release();
        } else {
            partial.discardSomeReadBytes();
        }
    }

    /** Releases what is kept: the connection is closed. */
    void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
