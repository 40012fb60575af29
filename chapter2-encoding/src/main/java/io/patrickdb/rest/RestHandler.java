package io.patrickdb.rest;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection: asks {@link Routes} for each request's response and writes the responses
 * in the order the requests arrived, keeping the connection open or closing it as each request
 * asks.
 *
 * <p>Order matters because HTTP/1.1 has no request ids. A client may <em>pipeline</em>, sending
 * several requests before reading any response, and it matches responses to requests by
 * position alone. But the answers come back from the server in any order: a get answered from
 * memory overtakes a put waiting for the disk. So each request takes its place in a queue, and
 * a response is written only when every response before it has been. (The binary protocol
 * avoids this wait by giving each request an id; HTTP/2 does the same with stream ids.)
 *
 * <p>Order matters for the work too, not just the responses. A client that pipelines
 * {@code PUT k} then {@code GET k} expects the get to see the put, so HTTP lets a server work on
 * pipelined requests in parallel only while they are all <em>safe</em> (GET, HEAD: they change
 * nothing; RFC 9112, section 9.3.2). Here reads run side by side, and a write is a barrier: it
 * starts once everything before it is done, and everything after it waits for it.
 *
 * <p>Like the server's request handler, this one stops reading a connection that has too many
 * requests waiting, and TCP's flow control then slows the client down.
 */
final class RestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RestHandler.class);

    /** Requests one connection may have waiting before the handler stops reading it. */
    static final int MAX_WAITING = 64;

    private final Routes routes;
    // The fields below are only touched on this channel's event loop, so they need no locks.
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private boolean closing;
    /** Completes when every request so far has its response. */
    private CompletableFuture<?> allDone = CompletableFuture.completedFuture(null);
    /** Completes when the last write (PUT, DELETE, POST), and everything before it, has its response. */
    private CompletableFuture<?> writesDone = CompletableFuture.completedFuture(null);

    /** A request's place in the queue: its response to come, and how to send it. */
    private record Exchange(CompletableFuture<RestResponse> response, HttpVersion version, boolean keepAlive) {
    }

    RestHandler(Routes routes) {
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return; // a request after one that said "Connection: close" gets no answer
            }
            if (msg instanceof BodyLimit.OversizedRequest tooLarge) {
                enqueue(ctx, CompletableFuture.completedFuture(routes.tooLarge()), tooLarge.version(), tooLarge.keepAlive());
            } else if (msg instanceof FullHttpRequest request) {
                if (request.decoderResult().isFailure()) {
                    // After a malformed request the decoder cannot tell where the next one starts: close.
                    RestResponse bad = RestResponse.error(HttpResponseStatus.BAD_REQUEST,
                            "malformed HTTP request: " + request.decoderResult().cause().getMessage());
                    enqueue(ctx, CompletableFuture.completedFuture(bad), HttpVersion.HTTP_1_1, false);
                } else {
                    enqueue(ctx, start(ctx, request), request.protocolVersion(), HttpUtil.isKeepAlive(request));
                }
            }
        } finally {
            // Routes copied what they need (or start() retained the request), so this reference can go.
            ReferenceCountUtil.release(msg);
        }
    }

    /** Starts {@code request} now if it may run beside what is in flight, or else when its turn comes. */
    private CompletableFuture<RestResponse> start(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean safe = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        CompletableFuture<?> turn = safe ? writesDone : allDone;
        CompletableFuture<RestResponse> response;
        if (turn.isDone()) {
            response = routes.answer(request); // the usual case: nothing to wait for
        } else {
            FullHttpRequest held = request.retain(); // kept past channelRead until it has run
            response = turn.thenComposeAsync(ready -> {
                try {
                    return routes.answer(held);
                } finally {
                    held.release();
                }
            }, ctx.executor());
        }
        allDone = CompletableFuture.allOf(allDone, response);
        if (!safe) {
            writesDone = allDone;
        }
        return response;
    }

    private void enqueue(ChannelHandlerContext ctx, CompletableFuture<RestResponse> response, HttpVersion version,
                         boolean keepAlive) {
        waiting.add(new Exchange(response, version, keepAlive));
        closing = !keepAlive;
        if (waiting.size() >= MAX_WAITING) {
            ctx.channel().config().setAutoRead(false);
        }
        // The future completes on whatever thread answered (the client's event loop, usually);
        // the writing happens on this channel's event loop, like everything else here.
        response.whenComplete((r, e) -> {
            if (ctx.executor().inEventLoop()) {
                writeReady(ctx);
            } else {
                ctx.executor().execute(() -> writeReady(ctx));
            }
        });
    }

    /** Writes the responses at the head of the queue that are ready, stopping at the first that is not. */
    private void writeReady(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!waiting.isEmpty() && waiting.peek().response().isDone()) {
            Exchange next = waiting.poll();
            RestResponse response = responseOf(next.response());
            wrote = true;
            if (next.keepAlive()) {
                ctx.write(response.toHttp(next.version(), true));
            } else {
                ctx.write(response.toHttp(next.version(), false)).addListener(ChannelFutureListener.CLOSE);
                waiting.clear();
                break;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (waiting.size() < MAX_WAITING && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A completed future's response. {@link Routes} turns failures into responses, so this is a safety net. */
    private static RestResponse responseOf(CompletableFuture<RestResponse> done) {
        try {
            return done.join();
        } catch (CompletionException | CancellationException e) {
            return HttpErrors.toResponse(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Usually the client went away mid-request ("connection reset"); nothing to answer.
        log.debug("closing HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
