package io.patrickdb.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.patrickdb.protocol.FrameDecoder;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Patrick-DB server: a Netty pipeline per connection, read top to bottom as bytes come in.
 *
 * <pre>
 *   ConnectionGuard's limit   (too many connections: refuse at once)
 *   IdleStateHandler          (notices a client that has gone silent)
 *   FrameDecoder              bytes    -> Frame        (prefix checks, size limit)
 *   ResponseEncoder           Envelope -> bytes        (outbound; one buffer per flush)
 *   RequestDecoder            Frame    -> Envelope     (unknown op or version: error reply)
 *   RequestHandler            Envelope -> Service      (reply when the future completes)
 *   ConnectionGuard           idle close, connection errors
 * </pre>
 *
 * <p>Start one with {@link #start}; {@link #close} stops accepting, closes every connection and
 * lets queued writes finish. The store belongs to the caller, who closes it after the server.
 */
public final class PatrickServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PatrickServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConnectionGuard guard;
    private final LongAdder requests;

    private PatrickServer(EventLoopGroup boss, EventLoopGroup workers, Channel listener, ConnectionGuard guard, LongAdder requests) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
        this.guard = guard;
        this.requests = requests;
    }

    /** Binds and starts serving {@code service}; returns once the port accepts connections. */
    public static PatrickServer start(ServerOptions options, Service service) {
        EventLoopGroup boss = Transport.newGroup(1, "patrickdb-accept");
        EventLoopGroup workers = Transport.newGroup(options.ioThreads(), "patrickdb-io");
        ConnectionGuard guard = new ConnectionGuard(options.maxConnections());
        LongAdder requests = new LongAdder();
        Service counted = withServerStats(service, guard, requests);
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
                            // Idle means the client sent nothing. Watching writes as well would cost a
                            // promise and a listener per flush, and a server writes only answers anyway.
                            p.addLast(new IdleStateHandler(options.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
                            p.addLast(new FrameDecoder(options.maxFrameBytes()));
                            p.addLast(new ResponseEncoder(options.protocol()));
                            p.addLast(new RequestDecoder(options.protocol()));
                            p.addLast(new RequestHandler(counted, options.protocol(), options.serverName(), options.maxInFlight()));
                            p.addLast(guard);
                        }
                    })
                    .bind(options.host(), options.port()).syncUninterruptibly().channel();
            log.info("listening on {} ({})", listener.localAddress(), Transport.name());
            return new PatrickServer(boss, workers, listener, guard, requests);
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Adds the server's own counters to the stats the service reports. */
    private static Service withServerStats(Service service, ConnectionGuard guard, LongAdder requests) {
        return request -> {
            requests.increment();
            CompletableFuture<Response> response = service.handle(request);
            if (!(request instanceof Request.Stats)) {
                return response;
            }
            return response.thenApply(r -> {
                if (!(r instanceof Response.Stats stats)) {
                    return r;
                }
                Map<String, Long> all = new LinkedHashMap<>(stats.counters());
                all.put("connections", (long) guard.open());
                all.put("requests", requests.sum());
                return new Response.Stats(all);
            });
        };
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The port the server listens on (the OS's choice if the options said 0). */
    public int port() {
        return address().getPort();
    }

    /** Stops accepting, closes every connection, and waits for the event loops to finish. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // closing twice is harmless: the second call has nothing left to do
        }
        listener.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
