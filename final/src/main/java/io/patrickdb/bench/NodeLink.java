package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@link ClusterClient}'s connection to one node of the cluster: a Netty handler that writes
 * the requests the client routes to this node, and hands each answer back to the client, which
 * decides what to send next and where. It knows nothing of slots or of the pipeline: those are
 * the client's, shared by all of its links.
 *
 * <p>Requests are encoded into a buffer and written in one batch when the client flushes (after
 * a read, on any of its links). A link made for a redirect to a node the client had no
 * connection to may get requests before it is connected: they wait in the buffer, and go when
 * the connection is up.
 */
final class NodeLink extends ChannelInboundHandlerAdapter implements ResponseParser.Listener {
    private final ClusterClient client;
    private final WireProtocol protocol;
    private final ResponseParser parser;
    private final RunState run;
    private final String address;
    private final LongAdder answers;
    private final InFlight inFlight;
    private final Unparsed unparsed = new Unparsed();

    private volatile Channel channel;
    private ChannelHandlerContext ctx;
    private ByteBuf requests;   // requests encoded and not yet written
    private long receivedAt;    // when the bytes being parsed were read

    /** A link of {@code client} to the node at {@code address}, with room for {@code maxInFlight} requests. */
    NodeLink(ClusterClient client, WireProtocol protocol, RunState run, String address, int maxInFlight) {
        this.client = client;
        this.protocol = protocol;
        this.parser = protocol.newParser();
        this.run = run;
        this.address = address;
        this.answers = run.answersFrom(address);
        this.inFlight = new InFlight(maxInFlight);
    }

    /** The node's address, {@code host:port}. */
    String address() {
        return address;
    }

    /** The node's host, for a Redis redirect that names only a port. */
    String host() {
        return address.substring(0, address.lastIndexOf(':'));
    }

    /** Encodes a request the client describes as {@code request}; {@code value} is null for a get. */
    void send(byte[] key, byte[] value, long request) {
        encode(inFlight.add(request), key, value);
    }

    /** Encodes a request another node redirected here, sent first at {@code firstSentAt}. */
    void resend(byte[] key, byte[] value, long request, long firstSentAt) {
        encode(inFlight.addResent(request, firstSentAt), key, value);
    }

    private void encode(int id, byte[] key, byte[] value) {
        if (requests == null) {
            requests = ByteBufAllocator.DEFAULT.ioBuffer();
        }
        if (value == null) {
            protocol.encodeGet(requests, id, key);
        } else {
            protocol.encodeSet(requests, id, key, value);
        }
    }

    /** Writes the requests encoded so far, once connected; their latency starts now. */
    void flush() {
        if (requests != null && ctx != null && ctx.channel().isActive()) {
            inFlight.sent(System.nanoTime());
            ctx.writeAndFlush(requests, ctx.voidPromise());
            requests = null;
        }
    }

    void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        flush();   // what a redirect sent here before the connection was up
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        receivedAt = System.nanoTime();
        ByteBuf in = unparsed.append((ByteBuf) msg);
        try {
            parser.parse(in, this);
        } catch (ProtocolException e) {
            run.fail("from " + address + ": " + e.getMessage());
            in.clear();
            ctx.close();
        }
        unparsed.keepRest(in, ctx.alloc());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
    }

    @Override
    public void response(int requestId) {
        answered(requestId, null);
    }

    @Override
    public void error(int requestId, String message) {
        answered(requestId, message);
    }

    private void answered(int requestId, String error) {
        long request = inFlight.request(requestId);
        long sentAt = inFlight.remove(requestId);
        answers.increment();
        client.answered(request, sentAt, receivedAt, error);
    }

    @Override
    public void redirected(int requestId, Redirect redirect) {
        long request = inFlight.request(requestId);
        long sentAt = inFlight.remove(requestId);
        client.redirected(this, request, sentAt, receivedAt, redirect);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!run.isStopping()) {
            run.fail("the server closed the connection " + ctx.channel().localAddress() + " -> " + address);
        }
        unparsed.release();
        if (requests != null) {
            requests.release();
            requests = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!run.isStopping()) {
            run.fail("connection to " + address + ": " + cause);
        }
        ctx.close();
    }

    @Override
    public String toString() {
        return address;
    }
}
