package io.patrickdb.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.patrickdb.protocol.Envelope;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.RequestRejectedException;
import java.util.List;

/**
 * Turns each {@link Frame} into a request {@link Envelope}. A frame it cannot turn into a request
 * (unknown operation or version, malformed body) is answered here with the error the protocol
 * chose, and the connection reads on: the frame's end was known, so the next frame is intact.
 */
final class RequestDecoder extends MessageToMessageDecoder<Frame> {
    private final Protocol protocol;

    RequestDecoder(Protocol protocol) {
        super(Frame.class);
        this.protocol = protocol;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        try {
            out.add(new Envelope(frame.header(), protocol.readRequest(frame)));
        } catch (RequestRejectedException e) {
            ctx.writeAndFlush(new Envelope(frame.header(), e.error()));
        } finally {
            frame.body().release();
        }
    }
}
