package io.patrickdb.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Which of Netty's transports to use. The server, the client and the REST gateway all ask here,
 * so they always agree. The best one the machine offers wins:
 *
 * <ol>
 *   <li><b>io_uring</b> (Linux 5.1 and later, unless the kernel or a container's seccomp profile
 *       forbids it): the event loop queues its receives and sends in a ring shared with the
 *       kernel and hands over a whole turn's worth in one system call. With 32 clients each
 *       waiting for its answer, epoll makes two system calls per request (a receive and a send);
 *       io_uring made one per eleven requests, and the server answered 5% more requests
 *       unpipelined and 12% more at pipeline 16 (scripts/bench-chapter2's workload).</li>
 *   <li><b>epoll</b>, Linux's readiness interface, through Netty's native library: one system
 *       call per receive and per send, but fewer copies than the JDK's selector.</li>
 *   <li><b>nio</b>, the JDK's portable selector, everywhere else.</li>
 * </ol>
 *
 * <p>The system property {@code patrickdb.transport} ({@code io_uring}, {@code epoll} or
 * {@code nio}) picks one instead, to compare them or to rule one out; asking for a transport the
 * machine cannot run is an error that says why, not a silent fallback.
 */
public final class Transport {
    /**
     * The buffer allocator for every channel: Netty's pooled arenas, which measured faster than
     * 4.2's default adaptive allocator for this server's many small frames.
     */
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    /** The system property that picks a transport by name. */
    public static final String PROPERTY = "patrickdb.transport";

    /** One transport: its name, how to ask whether it can run here, and Netty's classes for it. */
    record Kind(String name, BooleanSupplier available, Supplier<Throwable> whyNot,
                Supplier<IoHandlerFactory> io, Class<? extends ServerChannel> serverChannel,
                Class<? extends Channel> channel) {
    }

    private static final Kind[] BEST_FIRST = {
        new Kind("io_uring", IoUring::isAvailable, IoUring::unavailabilityCause, IoUringIoHandler::newFactory,
                IoUringServerSocketChannel.class, IoUringSocketChannel.class),
        new Kind("epoll", Epoll::isAvailable, Epoll::unavailabilityCause, EpollIoHandler::newFactory,
                EpollServerSocketChannel.class, EpollSocketChannel.class),
        new Kind("nio", () -> true, () -> null, NioIoHandler::newFactory,
                NioServerSocketChannel.class, NioSocketChannel.class),
    };

    private static volatile Kind chosen; // on first use, so that a bad property fails as itself, not as a class initialisation error

    private Transport() {
    }

    private static Kind chosen() {
        Kind kind = chosen;
        if (kind == null) {
            kind = choose(System.getProperty(PROPERTY));
            chosen = kind;
        }
        return kind;
    }

    /** The transport {@code wanted} names, or the best available one if it is null or blank. */
    static Kind choose(String wanted) {
        if (wanted == null || wanted.isBlank()) {
            for (Kind kind : BEST_FIRST) {
                if (kind.available().getAsBoolean()) {
                    return kind;
                }
            }
            throw new AssertionError("nio is always available");
        }
        String name = wanted.trim().toLowerCase(Locale.ROOT);
        for (Kind kind : BEST_FIRST) {
            if (kind.name().equals(name)) {
                if (!kind.available().getAsBoolean()) {
                    throw new IllegalStateException(PROPERTY + "=" + name + ", but " + name
                            + " cannot run here: " + kind.whyNot().get(), kind.whyNot().get());
                }
                return kind;
            }
        }
        throw new IllegalArgumentException(PROPERTY + "=" + wanted + " is not a transport; use io_uring, epoll or nio");
    }

    /** The transport in use: {@code io_uring}, {@code epoll} or {@code nio}. */
    public static String name() {
        return chosen().name();
    }

    /** A group of {@code threads} event loops whose threads are named {@code name-N}. */
    public static EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), chosen().io().get());
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return chosen().serverChannel();
    }

    public static Class<? extends Channel> channel() {
        return chosen().channel();
    }
}
