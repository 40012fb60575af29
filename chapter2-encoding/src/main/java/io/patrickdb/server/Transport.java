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
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Which of Netty's transports to use: Linux's epoll when its native library loads (fewer
 * copies and system calls than the JDK's selector), Java NIO everywhere else. The server, the
 * client and the REST gateway all ask here, so they always agree.
 */
public final class Transport {
    /**
     * The buffer allocator for every channel: Netty's pooled arenas, which measured faster than
     * 4.2's default adaptive allocator for this server's many small frames.
     */
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private Transport() {
    }

    /** Whether the native epoll transport is in use. */
    public static boolean isEpoll() {
        return Epoll.isAvailable();
    }

    /** A group of {@code threads} event loops whose threads are named {@code name-N}. */
    public static EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory io = isEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return isEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends Channel> channel() {
        return isEpoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
