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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Just enough of memcached for the load generator: get and set, on a free loopback port. */
final class TinyMemcachedServer implements AutoCloseable {
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;

    TinyMemcachedServer() {
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

    int size() {
        return values.size();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client connection: commands in, answers out, a command split across reads waits for its end. */
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
            ByteBuf out = ctx.alloc().buffer();
            while (answer(out)) {
                // one command answered; try the next
            }
            received.discardSomeReadBytes();
            ctx.writeAndFlush(out);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();   // the generator closes with requests in flight, which resets the connection
        }

        private boolean answer(ByteBuf out) {
            int start = received.readerIndex();
            int lf = received.indexOf(start, received.writerIndex(), (byte) '\n');
            if (lf < 0) {
                return false;
            }
            String[] words = received.toString(start, lf - 1 - start, StandardCharsets.US_ASCII).split(" ");
            if (words[0].equals("get")) {
                byte[] value = values.get(words[1]);
                if (value != null) {
                    out.writeCharSequence("VALUE " + words[1] + " 0 " + value.length + "\r\n", StandardCharsets.US_ASCII);
                    out.writeBytes(value).writeCharSequence("\r\n", StandardCharsets.US_ASCII);
                }
                out.writeCharSequence("END\r\n", StandardCharsets.US_ASCII);
            } else if (words[0].equals("set")) {
                int length = Integer.parseInt(words[4]);
                if (received.writerIndex() < lf + 1 + length + 2) {
                    return false;
                }
                byte[] value = new byte[length];
                received.getBytes(lf + 1, value);
                values.put(words[1], value);
                lf += length + 2;
                out.writeCharSequence("STORED\r\n", StandardCharsets.US_ASCII);
            } else {
                out.writeCharSequence("ERROR\r\n", StandardCharsets.US_ASCII);
            }
            received.readerIndex(lf + 1);
            return true;
        }
    }
}
