package io.patrickdb.faults;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.patrickdb.server.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * A TCP proxy that passes bytes between its clients and one target, and breaks the link on
 * command, while traffic flows: put one between every pair of nodes and a test can delay, lose,
 * stall, partition and cut each link on its own (see the package description for what each fault
 * stands for).
 *
 * <p>It listens on {@code 127.0.0.1}, on a port the OS chooses ({@link #port()}), and opens a
 * connection to the target for every client that connects. Each fault can be set for one
 * {@link Direction} or both, any time; it applies to every connection, present and future, from the
 * next chunk of bytes on, and never reorders or corrupts the bytes that do get through.
 * {@link #heal()} clears them all.
 *
 * <p>The proxy runs on one Netty event loop of its own: the bytes of all its connections pass
 * through one thread, without locks, and with no fault set a chunk is written as soon as it is
 * read. The methods that set faults may be called from any thread.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private volatile InetSocketAddress target;
    private final EventLoopGroup loop;
    private final Random jitter;
    private final Way clientToServer = new Way();
    private final Way serverToClient = new Way();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<Channel> blackholed = ConcurrentHashMap.newKeySet();
    private final LongAdder accepted = new LongAdder();
    private volatile boolean blackhole;
    private volatile boolean down;
    private Channel listener;

    private FaultProxy(InetSocketAddress target, long seed) {
        this.target = target;
        this.jitter = new Random(seed);
        this.loop = Transport.newGroup(1, "fault-proxy");
    }

    /** A proxy to {@code target}, listening on {@code 127.0.0.1} at a port the OS chose. */
    public static FaultProxy start(InetSocketAddress target) {
        return start(target, 0);
    }

    /** As {@link #start(InetSocketAddress)}, with the jitter drawn from a {@link Random} seeded with {@code seed}. */
    public static FaultProxy start(InetSocketAddress target, long seed) {
        FaultProxy proxy = new FaultProxy(target, seed);
        try {
            proxy.listen();
        } catch (RuntimeException | Error e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private void listen() {
        listener = new ServerBootstrap()
                .group(loop)
                .channel(Transport.serverChannel())
                // Nothing is read from a client before its server connection is up (Link.connect).
                .childOption(ChannelOption.AUTO_READ, false)
                // A client that shuts down its output still gets its answers: end of stream passes through.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel client) {
                        accept(client);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    private void accept(Channel client) {
        accepted.increment();
        if (down) {
            Link.reset(client);
        } else if (blackhole) {
            swallow(client);
        } else {
            Link link = new Link(client, clientToServer, serverToClient, jitter);
            links.add(link);
            client.closeFuture().addListener(closed -> links.remove(link));
            link.connect(target);
            if (down) {
                link.reset(); // down() was called while we connected, and may have missed this link
            }
        }
    }

    /** A connection into the blackhole: read and thrown away, never passed on. */
    private void swallow(Channel client) {
        blackholed.add(client);
        client.closeFuture().addListener(closed -> blackholed.remove(client));
        client.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf bytes = (ByteBuf) msg;
                clientToServer.dropped(bytes.readableBytes());
                bytes.release();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
        client.config().setAutoRead(true);
    }

    /** The port the proxy listens on, on {@code 127.0.0.1}. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The address the proxy listens on: connect here instead of to the target. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port());
    }

    /** Where the proxy forwards its connections. */
    public InetSocketAddress target() {
        return target;
    }

    /**
     * Forwards new connections to {@code next} from now on (connections already open stay where
     * they are). A test starts its proxies first, so that their ports can be handed to the nodes
     * as each other's addresses, and points each one at its node once the node runs; and again at
     * a node restarted on a new port.
     */
    public void retarget(InetSocketAddress next) {
        this.target = next;
    }

    /**
     * Delays every chunk of bytes in {@code direction} by {@code latency} plus up to {@code jitter}
     * (uniformly random, from the proxy's seeded {@link Random}), keeping their order. Zero for
     * both takes the delay away; bytes already on their way keep the delay they were given.
     */
    public void delay(Direction direction, Duration latency, Duration jitter) {
        change(direction, faults -> faults.withDelay(latency, jitter));
    }

    /**
     * Throws away the bytes in {@code direction}, mid-stream, while the connections stay open: the
     * receiver gets what came before and what comes after, with a hole between. An end of stream
     * or a close still passes: a drop loses bytes, not the connection.
     */
    public void drop(Direction direction) {
        change(direction, faults -> faults.withDropping(true));
    }

    /**
     * Stops reading in {@code direction}: the bytes wait in the TCP buffers (and the sender blocks
     * once they are full) until {@link #resume(Direction)}, then arrive, all of them, in order.
     */
    public void pause(Direction direction) {
        change(direction, faults -> faults.withPaused(true));
    }

    /** Reads again in {@code direction} after {@link #pause(Direction)}. */
    public void resume(Direction direction) {
        change(direction, faults -> faults.withPaused(false));
    }

    /**
     * A network partition: from now on, bytes of open connections are dropped both ways, and new
     * connections are accepted but go nowhere. The target never hears of them; their clients wait
     * for answers that never come. Only {@link #heal()} ends it.
     */
    public void blackhole() {
        drop(Direction.BOTH);
        blackhole = true;
    }

    /**
     * Resets every open connection (both ends get a TCP RST, as if a peer had crashed), and returns
     * once they are closed. Connections made afterwards work as before.
     */
    public void resetAll() {
        List<Future<List<ChannelFuture>>> resets = new ArrayList<>();
        for (Link link : links) {
            Callable<List<ChannelFuture>> reset = link::reset;
            resets.add(link.client().eventLoop().submit(reset));
        }
        blackholed.forEach(FaultProxy::resetOnItsLoop);
        for (Future<List<ChannelFuture>> reset : resets) {
            awaitAll(await(reset));
        }
        awaitAll(blackholed.stream().map(Channel::closeFuture).toList());
    }

    /**
     * The target goes down: every open connection is reset, and so is every new one, at once, until
     * {@link #heal()}. (A dead machine's kernel refuses the connection instead; here the connect
     * succeeds, the port stays the proxy's, and the first read fails with a reset.)
     */
    public void down() {
        down = true;
        resetAll();
    }

    /**
     * Clears every fault: no delay, no drop, no pause, no blackhole, not down. Connections made
     * into the blackhole are reset, since they never reached the target; their clients reconnect.
     * So are the connections a blackhole cut: they lost bytes in the middle of their streams, which
     * TCP never delivers (a real partition would have stalled them, then timed them out), and a
     * peer that went on reading them would read garbage where a message should begin.
     */
    public synchronized void heal() {
        boolean wasBlackhole = blackhole;
        blackhole = false;
        down = false;
        for (Direction oneWay : Direction.BOTH.oneWays()) {
            way(oneWay).set(Faults.NONE);
        }
        blackholed.forEach(FaultProxy::resetOnItsLoop);
        faultsChanged();
        if (wasBlackhole) {
            resetAll();
        }
    }

    /** The faults set on one direction ({@link Direction#CLIENT_TO_SERVER} or {@link Direction#SERVER_TO_CLIENT}). */
    public Faults faults(Direction oneWay) {
        if (oneWay == Direction.BOTH) {
            throw new IllegalArgumentException("ask for one direction at a time");
        }
        return way(oneWay).faults();
    }

    /** Bytes written on to their receiver in {@code direction} (both directions summed for {@link Direction#BOTH}). */
    public long bytesForwarded(Direction direction) {
        return direction.oneWays().stream().mapToLong(oneWay -> way(oneWay).forwarded()).sum();
    }

    /** Bytes thrown away in {@code direction}, by {@link #drop(Direction)} or the blackhole. */
    public long bytesDropped(Direction direction) {
        return direction.oneWays().stream().mapToLong(oneWay -> way(oneWay).dropped()).sum();
    }

    /** Connections accepted from clients since the start, including those blackholed or reset. */
    public long connectionsAccepted() {
        return accepted.sum();
    }

    /** Connections that are open now and pass bytes to the target (not those in the blackhole). */
    public int openConnections() {
        return links.size();
    }

    /** Stops listening, closes every connection and stops the proxy's thread. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly(); // closes every channel left
    }

    private synchronized void change(Direction direction, UnaryOperator<Faults> change) {
        for (Direction oneWay : direction.oneWays()) {
            Way way = way(oneWay);
            way.set(change.apply(way.faults()));
        }
        faultsChanged();
    }

    /**
     * Tells every link that the faults changed. A chunk already reads the new faults as it arrives;
     * this is for what a link holds: to write what a shorter delay or a resume made due, and to
     * start or stop reading.
     */
    private void faultsChanged() {
        for (Link link : links) {
            link.execute(link::faultsChanged);
        }
    }

    private static void resetOnItsLoop(Channel channel) {
        channel.eventLoop().execute(() -> Link.reset(channel));
    }

    private Way way(Direction oneWay) {
        return oneWay == Direction.CLIENT_TO_SERVER ? clientToServer : serverToClient;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the proxy reset its connections", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the proxy could not reset its connections", e);
        }
    }

    private static void awaitAll(List<? extends Future<?>> futures) {
        futures.forEach(FaultProxy::await);
    }
}
