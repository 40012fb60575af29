package io.patrickdb.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.patrickdb.protocol.ConnectionErrorException;
import io.patrickdb.protocol.Envelope;
import io.patrickdb.protocol.Status;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's rules for a connection as a whole, in one place at the end of the pipeline:
 * how many may be open, when an idle one is closed, and what happens when the byte stream is
 * beyond repair (one error frame, then close). Shared by every connection, so it counts them.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGuard(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > maxConnections) {
            refuse(ctx, new ConnectionErrorException(Status.UNAVAILABLE,
                    "too many connections: this server accepts " + maxConnections));
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.debug("closing idle connection {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable e = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (e instanceof ConnectionErrorException error) {
            log.debug("connection error from {}: {}", ctx.channel().remoteAddress(), error.getMessage());
            refuse(ctx, error);
        } else if (e instanceof IOException) {
            ctx.close(); // the peer went away; nothing to tell it
        } else {
            // a bug on our side: tell the client what went wrong rather than just hanging up
            log.warn("closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), e);
            refuse(ctx, new ConnectionErrorException(Status.SERVER_ERROR, "internal error: " + e));
        }
    }

    /** Sends the connection error frame (PROTOCOL.md §5) and closes once it is written. */
    private static void refuse(ChannelHandlerContext ctx, ConnectionErrorException error) {
        ctx.channel().config().setAutoRead(false);
        ctx.channel().writeAndFlush(new Envelope(ConnectionErrorException.HEADER, error.toResponse()))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
