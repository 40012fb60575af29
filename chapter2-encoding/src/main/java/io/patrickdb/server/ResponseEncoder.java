package io.patrickdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.patrickdb.protocol.Envelope;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes response {@link Envelope}s as frames, all the frames written between two flushes into
 * one buffer. A client that pipelines sixteen requests gets its sixteen answers in one buffer
 * and one system call, instead of sixteen buffers gathered by the kernel: on a busy server this
 * is the difference between a few and many microseconds per request.
 */
final class ResponseEncoder extends ChannelOutboundHandlerAdapter {
    private static final int INITIAL_BYTES = 4096;

    private final Protocol protocol;
    private ByteBuf pending; // frames written since the last flush
    private final List<ChannelPromise> waiting = new ArrayList<>(); // their promises, if anyone listens

    ResponseEncoder(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Envelope envelope)) {
            ctx.write(msg, promise);
            return;
        }
        if (pending == null) {
            pending = ctx.alloc().ioBuffer(INITIAL_BYTES);
        }
        int mark = pending.writerIndex();
        try {
            protocol.writeResponse(pending, envelope.header(), (Response) envelope.message());
        } catch (RuntimeException e) {
            pending.writerIndex(mark); // no half frame on the wire
            promise.setFailure(e);
            return;
        }
        if (!promise.isVoid()) {
            waiting.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (pending != null) {
            ByteBuf frames = pending;
            pending = null;
            if (waiting.isEmpty()) {
                ctx.write(frames, ctx.voidPromise());
            } else {
                List<ChannelPromise> promises = List.copyOf(waiting);
                waiting.clear();
                ctx.write(frames).addListener(f -> promises.forEach(p -> {
                    if (f.isSuccess()) {
                        p.trySuccess();
                    } else {
                        p.tryFailure(f.cause());
                    }
                }));
            }
        }
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
