package io.patrickdb.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's {@link HttpObjectAggregator}, which gathers a request's head and body pieces into one
 * {@link io.netty.handler.codec.http.FullHttpRequest}, with one change: a request whose body is
 * over the limit is not answered here but passed on as an {@link OversizedRequest}, so that its
 * 413 is written in turn, after the responses to the requests before it, and with the JSON
 * error body every other error has.
 *
 * <p>The aggregator's limit is set a little above the gateway's body limit. A body just over the
 * limit (the usual mistake) is then read whole and refused by the route, with a precise message
 * and the connection kept; this class is the backstop for a body far too large, which it refuses
 * from the {@code Content-Length} header alone, discarding the body as it arrives instead of
 * buffering it.
 */
final class BodyLimit extends HttpObjectAggregator {

    /** What comes down the pipeline in place of a request whose body is too large. */
    record OversizedRequest(HttpVersion version, boolean keepAlive) {
    }

    BodyLimit(int maxContentBytes) {
        super(maxContentBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // A FullHttpMessage here means the body had no Content-Length (chunked) and was already
        // partly read when it passed the limit: the rest of it is still coming, and the only way
        // to find the next request is to close the connection. Otherwise the aggregator skips
        // the body, and the connection can carry on if the client wants it to.
        boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
        ctx.fireChannelRead(new OversizedRequest(oversized.protocolVersion(), keepAlive));
    }
}
