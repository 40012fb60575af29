package io.patrickdb.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.KeyValueClient;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.server.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST gateway: an HTTP server whose every request becomes one or more requests to a
 * Patrick-DB server, sent through a {@link PatrickClient} (or any {@link KeyValueClient}: chapter 4
 * puts its partitioned client here). It holds no data of its own.
 *
 * <pre>
 *   HttpServerCodec   bytes -> HTTP head and body pieces; responses -> bytes
 *   BodyLimit         pieces -> one FullHttpRequest   (a body far too large: OversizedRequest)
 *   RestHandler       FullHttpRequest -> Routes -> response, written in request order
 * </pre>
 *
 * <pre>{@code
 * try (PatrickClient client = PatrickClient.create(ClientOptions.to("127.0.0.1", 7379));
 *      RestGateway gateway = RestGateway.start(RestOptions.defaults().withPort(7380), client)) {
 *     // curl -X PUT --data-binary @photo.jpg http://127.0.0.1:7380/v1/keys/photo
 * }
 * }</pre>
 *
 * The client belongs to the caller, who closes it after the gateway.
 */
public final class RestGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RestGateway.class);

    /**
     * How far above {@link RestOptions#maxBodyBytes()} the aggregator's own limit is: bodies in
     * between are read and refused by the route, with a precise message (see {@link BodyLimit}).
     */
    static final int AGGREGATOR_SLACK_BYTES = 64 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AutoCloseable owned; // the client, when the gateway made it

    private RestGateway(EventLoopGroup boss, EventLoopGroup workers, Channel listener, AutoCloseable owned) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
        this.owned = owned;
    }

    /** Binds and starts serving through {@code client}; returns once the port accepts connections. */
    public static RestGateway start(RestOptions options, KeyValueClient client) {
        EventLoopGroup workers = Transport.newGroup(options.ioThreads(), "patrickdb-rest-io");
        return start(options, workers, client, () -> { });
    }

    /**
     * Binds and starts serving through a client of its own, made from {@code clientOptions}. That
     * client runs on the gateway's own event loops, so an HTTP request and the binary request it
     * turns into are handled by the same thread: no hand-off between threads on the way.
     */
    public static RestGateway start(RestOptions options, ClientOptions clientOptions) {
        EventLoopGroup workers = Transport.newGroup(options.ioThreads(), "patrickdb-rest-io");
        PatrickClient client = PatrickClient.create(clientOptions, workers);
        return start(options, workers, client, client);
    }

    private static RestGateway start(RestOptions options, EventLoopGroup workers, KeyValueClient client, AutoCloseable owned) {
        EventLoopGroup boss = Transport.newGroup(1, "patrickdb-rest-accept");
        Routes routes = new Routes(client, options.maxBodyBytes()); // no per-connection state: shared
        int aggregatorLimit = (int) Math.min(Integer.MAX_VALUE, (long) options.maxBodyBytes() + AGGREGATOR_SLACK_BYTES);
        try {
            Channel listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(Transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(new HttpServerCodec());
                            p.addLast(new BodyLimit(aggregatorLimit));
                            p.addLast(new RestHandler(routes));
                        }
                    })
                    .bind(options.host(), options.port()).syncUninterruptibly().channel();
            log.info("REST gateway listening on http://{}/v1 ({})", hostAndPort((InetSocketAddress) listener.localAddress()),
                    Transport.name());
            return new RestGateway(boss, workers, listener, owned);
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The address the gateway listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The port the gateway listens on (the OS's choice if the options said 0). */
    public int port() {
        return address().getPort();
    }

    /** Stops accepting, closes every connection and waits for the event loops; closes the client only if it made it. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // closing twice is harmless: the second call has nothing left to do
        }
        listener.close().syncUninterruptibly();
        try {
            owned.close();
        } catch (Exception e) {
            log.warn("closing the gateway's client failed", e);
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String hostAndPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
