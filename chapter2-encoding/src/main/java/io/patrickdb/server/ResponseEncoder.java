package io.patrickdb.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.patrickdb.protocol.Envelope;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;

/** Writes a response {@link Envelope} as one frame, answering the request whose header it carries. */
final class ResponseEncoder extends MessageToByteEncoder<Envelope> {
    private final Protocol protocol;

    ResponseEncoder(Protocol protocol) {
        super(Envelope.class);
        this.protocol = protocol;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Envelope envelope, ByteBuf out) {
        protocol.writeResponse(out, envelope.header(), (Response) envelope.message());
    }
}
