package io.patrickdb.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.patrickdb.partitioning.HashSlots;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of a Redis Cluster node for the load generator, on a free loopback port: GET and SET
 * of keys whose slot it serves (slots {@code first..last}), {@code -MOVED slot address} for the
 * others, and {@code CLUSTER SLOTS} answered with whatever reply the test gives it (a stale one,
 * say).
 */
final class TinyRedisClusterNode implements AutoCloseable {
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;
    private final int first;
    private final int last;
    private volatile String movedTo = "";
    private volatile String slotsReply = "*0\r\n";

    /** A node serving slots {@code first} to {@code last}. */
    TinyRedisClusterNode(int first, int last) {
        this.first = first;
        this.last = last;
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new Session());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The keys stored here. */
    Map<String, byte[]> values() {
        return values;
    }

    /** Where the MOVED answers send the keys of other slots, as Redis writes it ({@code host:port}, or {@code :port}). */
    void movedTo(String address) {
        movedTo = address;
    }

    /** The reply to CLUSTER SLOTS, in RESP. */
    void slotsReply(String resp) {
        slotsReply = resp;
    }

    /** A CLUSTER SLOTS reply entry: slots {@code from..to} served by the master at {@code host:port}. */
    static String slotRange(int from, int to, String host, int port) {
        return "*3\r\n:" + from + "\r\n:" + to + "\r\n*3\r\n$" + host.length() + "\r\n" + host + "\r\n:" + port + "\r\n$4\r\nnode\r\n";
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client connection: commands (arrays of bulk strings) in, replies out; a command split across reads waits for its end. */
    private final class Session extends ChannelInboundHandlerAdapter {
        private ByteBuf received;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            received = ctx.alloc().buffer();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            received.release();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            received.writeBytes(in);
            in.release();
            StringBuilder out = new StringBuilder();
            List<byte[]> command;
            while ((command = nextCommand()) != null) {
                out.append(answer(command));
            }
            received.discardSomeReadBytes();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(out.toString().getBytes(StandardCharsets.ISO_8859_1)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();   // the generator closes with requests in flight, which resets the connection
        }

        private String answer(List<byte[]> command) {
            String name = new String(command.get(0), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
            if (name.equals("CLUSTER")) {
                return slotsReply;
            }
            String key = new String(command.get(1), StandardCharsets.UTF_8);
            int slot = HashSlots.slotOf(command.get(1));
            if (slot < first || slot > last) {
                return "-MOVED " + slot + " " + movedTo + "\r\n";
            }
            if (name.equals("SET")) {
                values.put(key, command.get(2));
                return "+OK\r\n";
            }
            byte[] value = values.get(key);
            return value == null ? "$-1\r\n" : "$" + value.length + "\r\n" + new String(value, StandardCharsets.ISO_8859_1) + "\r\n";
        }

        /** The next whole command in the bytes received, or null if it has not all arrived. */
        private List<byte[]> nextCommand() {
            int start = received.readerIndex();
            Integer count = line(start);
            if (count == null) {
                return null;
            }
            List<byte[]> args = new ArrayList<>();
            int at = received.readerIndex();
            for (int i = 0; i < count; i++) {
                Integer length = line(at);
                if (length == null || received.writerIndex() < received.readerIndex() + length + 2) {
                    received.readerIndex(start);
                    return null;
                }
                byte[] arg = new byte[length];
                received.readBytes(arg).skipBytes(2);
                args.add(arg);
                at = received.readerIndex();
            }
            return args;
        }

        /** The number after the type byte of the line at {@code from}, the reader index moved past it; null if the line is not all here. */
        private Integer line(int from) {
            int lf = received.indexOf(from, received.writerIndex(), (byte) '\n');
            if (lf < 0) {
                return null;
            }
            int number = Integer.parseInt(received.toString(from + 1, lf - 2 - from, StandardCharsets.US_ASCII));
            received.readerIndex(lf + 1);
            return number;
        }
    }
}
