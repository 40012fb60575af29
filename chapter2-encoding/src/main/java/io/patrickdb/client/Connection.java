package io.patrickdb.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.patrickdb.protocol.AgreedVersions;
import io.patrickdb.protocol.ConnectionErrorException;
import io.patrickdb.protocol.Envelope;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.FrameDecoder;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.server.Transport;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a server, pipelined: any number of requests may be in flight, each
 * waiting in {@link #pending} under its request id until the response with that id arrives.
 * A connection starts with the handshake, and from then on sends each operation at the highest
 * version both sides speak.
 *
 * <pre>
 *   FlushConsolidationHandler          (outbound: one flush for the requests of one event-loop turn)
 *   FrameDecoder      bytes    -> Frame
 *   RequestEncoder    Envelope -> bytes   (outbound)
 *   ResponseHandler   Frame    -> completes the pending request with that id
 * </pre>
 *
 * <p>Every {@link #send} asks for a flush, but the consolidation handler puts off the system
 * call until the event loop has finished what it is doing. When many callers share the
 * connection (the REST gateway turns each HTTP request of a turn into one request here), their
 * requests then leave in one write, and the server reads them in one read.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Channel channel;
    private final ClientOptions options;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile AgreedVersions agreed;

    private record Pending(CompletableFuture<Response> future, ScheduledFuture<?> timeout) {
    }

    private Connection(Channel channel, ClientOptions options) {
        this.channel = channel;
        this.options = options;
    }

    /** Connects and runs the handshake; completes with a connection ready for requests. */
    static CompletableFuture<Connection> open(EventLoopGroup group, ClientOptions options) {
        CompletableFuture<Connection> ready = new CompletableFuture<>();
        Connection[] self = new Connection[1];
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(Transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        self[0] = new Connection(ch, options);
                        ch.pipeline().addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                        ch.pipeline().addLast(new FrameDecoder(options.maxFrameBytes()));
                        ch.pipeline().addLast(new RequestEncoder(options.protocol()));
                        ch.pipeline().addLast(self[0].new ResponseHandler());
                    }
                })
                .connect(options.host(), options.port());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(new ConnectionException(
                        "cannot connect to " + options.host() + ":" + options.port() + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            Connection c = self[0];
            CompletableFuture<Response> handshake;
            try {
                handshake = c.send(new Request.Handshake(options.protocol().supported()), 0);
            } catch (RuntimeException e) { // whatever happens, the caller waiting on `ready` must hear of it
                c.channel.close();
                ready.completeExceptionally(new ConnectionException("handshake with " + options.host() + ":"
                        + options.port() + " failed: " + e.getMessage(), e));
                return;
            }
            handshake.whenComplete((response, failure) -> {
                if (failure != null) {
                    c.channel.close();
                    ready.completeExceptionally(failure);
                } else if (response instanceof Response.Handshake h) {
                    try {
                        c.agreed = options.protocol().agree(h.supported());
                        ready.complete(c);
                    } catch (RuntimeException e) {
                        c.channel.close();
                        ready.completeExceptionally(e);
                    }
                } else {
                    c.channel.close();
                    ready.completeExceptionally(new PatrickClientException("handshake failed: " + response));
                }
            });
        });
        return ready;
    }

    /** What the handshake agreed. */
    AgreedVersions agreed() {
        return agreed;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Sends {@code request} at the agreed version of its operation. Fails at once, without
     * sending, if the server does not speak the operation at any version this client speaks.
     */
    CompletableFuture<Response> send(Request request) {
        OptionalInt version = agreed.versionOf(request.opCode());
        if (version.isEmpty()) {
            return CompletableFuture.failedFuture(new ServerErrorException(io.patrickdb.protocol.Status.UNSUPPORTED_OPERATION,
                    String.format("the server does not support op 0x%02x (%s); it supports %s",
                            request.opCode(), request.getClass().getSimpleName(), agreed.theirs())));
        }
        return send(request, version.getAsInt());
    }

    /** Sends {@code request} at {@code version}, whatever the handshake said: tests use this to probe a server. */
    CompletableFuture<Response> send(Request request, int version) {
        // BEGIN SOLUTION chapter2.part5
        int id = nextId.getAndUpdate(n -> n == Integer.MAX_VALUE ? 1 : n + 1);
        CompletableFuture<Response> future = new CompletableFuture<>();
        ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> timedOut(id),
                options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        pending.put(id, new Pending(future, timeout));
        channel.writeAndFlush(new Envelope(io.patrickdb.protocol.Header.request(request.opCode(), version, id), request))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        fail(id, new ConnectionException("cannot send to " + channel.remoteAddress() + ": " + f.cause(), f.cause()));
                    }
                });
        if (!channel.isActive()) {
            fail(id, new ConnectionException("connection to " + options.host() + ":" + options.port() + " is closed", null));
        }
        return future;
        // STUB: throw new UnsupportedOperationException("chapter2.part5: give the request an id, remember its future, send it");
        // END SOLUTION
    }

    void close() {
        channel.close();
    }

    private void timedOut(int id) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.future.completeExceptionally(new RequestTimeoutException("no response from " + options.host() + ":"
                    + options.port() + " within " + options.requestTimeout().toMillis() + " ms (request id " + id + ")"));
        }
    }

    private void fail(int id, Throwable cause) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.timeout.cancel(false);
            p.future.completeExceptionally(cause);
        }
    }

    private void failAll(Throwable cause) {
        pending.keySet().forEach(id -> fail(id, cause));
    }

    /** Encodes each outbound request envelope as a frame. */
    private static final class RequestEncoder extends MessageToByteEncoder<Envelope> {
        private final Protocol protocol;

        RequestEncoder(Protocol protocol) {
            super(Envelope.class);
            this.protocol = protocol;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Envelope e, ByteBuf out) {
            protocol.writeRequest(out, e.header().requestId(), e.header().version(), (Request) e.message());
        }
    }

    /** Matches each response frame to its pending request. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<Frame> {
        ResponseHandler() {
            super(Frame.class);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            try {
                Response response = options.protocol().readResponse(frame);
                if (frame.header().opCode() == OpCode.CONNECTION_ERROR && response instanceof Response.Error e) {
                    failAll(new ServerErrorException(e.status(), e.message()));
                    ctx.close();
                    return;
                }
                // BEGIN SOLUTION chapter2.part5
                Pending p = pending.remove(frame.header().requestId());
                if (p == null) {
                    log.debug("response to request {} that is no longer waiting (timed out?)", frame.header().requestId());
                    return;
                }
                p.timeout.cancel(false);
                p.future.complete(response);
                // STUB: throw new UnsupportedOperationException("chapter2.part5: complete the future waiting for this response's request id");
                // END SOLUTION
            } finally {
                frame.body().release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll(new ConnectionException("connection to " + options.host() + ":" + options.port()
                    + " closed with requests in flight", null));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable e = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            String what = e instanceof ConnectionErrorException ? "the server sent bytes that break the protocol: " : "";
            failAll(new ConnectionException(what + e.getMessage(), e));
            ctx.close();
        }
    }
}
