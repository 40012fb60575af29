package io.patrickdb.faults;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.patrickdb.server.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection through the proxy: the client's channel, the channel the proxy opened to the
 * server for it, and a {@link Pipe} each way. Both channels live on one event loop, so the link's
 * state needs no locks; the proxy changes it only through {@link #execute(Runnable)}.
 */
final class Link {
    private static final Logger log = LoggerFactory.getLogger(Link.class);

    private final Channel client;
    private final Pipe toServer;
    private final Pipe toClient;
    private Channel server;

    Link(Channel client, Way clientToServer, Way serverToClient, RandomGenerator jitter) {
        this.client = client;
        this.toServer = new Pipe(clientToServer, jitter, this::closeIfBothFinished);
        this.toClient = new Pipe(serverToClient, jitter, this::closeIfBothFinished);
    }

    /**
     * Connects to the server, then starts passing bytes. Until the server answers, the client's
     * bytes wait unread; if it refuses, the client's connection is reset, as if it had connected to
     * the server itself.
     */
    void connect(InetSocketAddress target) {
        client.pipeline().addLast(new Side(toServer, toClient));
        ChannelFuture connecting = new Bootstrap()
                .group(client.eventLoop())
                .channel(Transport.channel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new Side(toClient, toServer))
                .connect(target);
        server = connecting.channel();
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                log.debug("cannot connect to {}: {}", target, connected.cause().toString());
                reset(client);
            } else if (!client.isActive()) {
                server.close(); // the client gave up while we connected
            } else {
                toServer.attach(client, server);
                toClient.attach(server, client);
            }
        });
    }

    /** Runs {@code change} on the link's event loop, where its state may be touched. */
    void execute(Runnable change) {
        client.eventLoop().execute(change);
    }

    /** The faults of a direction changed: the pipes write what is now due and read if now allowed. */
    void faultsChanged() {
        toServer.drain();
        toClient.drain();
    }

    /**
     * Closes both connections with a TCP reset: the peers see "connection reset", not an orderly end.
     *
     * @return the channels' close futures, which complete once the kernel has the sockets closed
     */
    List<ChannelFuture> reset() {
        reset(client);
        reset(server);
        toServer.discardQueue();
        toClient.discardQueue();
        return List.of(client.closeFuture(), server.closeFuture());
    }

    /** The client's channel, whose closing ends the link. */
    Channel client() {
        return client;
    }

    /**
     * Closes {@code channel} so that the kernel sends RST instead of FIN: with {@code SO_LINGER} 0 a
     * close discards what is unsent and resets the connection at once.
     */
    static void reset(Channel channel) {
        if (channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }

    private void closeIfBothFinished() {
        if (toServer.finished() && toClient.finished()) {
            client.close();
            server.close();
        }
    }

    /**
     * The handler on each of the link's two channels: what it reads goes into {@code outgoing}, the
     * pipe it is the source of; {@code incoming} is the pipe that writes to it.
     */
    private static final class Side extends ChannelInboundHandlerAdapter {
        private final Pipe outgoing;
        private final Pipe incoming;

        Side(Pipe outgoing, Pipe incoming) {
            this.outgoing = outgoing;
            this.incoming = incoming;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            outgoing.received((ByteBuf) msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                outgoing.sourceEnded(false);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            incoming.drain();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            outgoing.sourceEnded(true);
            incoming.drain(); // its target is gone: it drops what it holds
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset from a peer, usually: the connection is over, as a network would end it.
            log.debug("connection {} failed: {}", ctx.channel(), cause.toString());
            ctx.close();
        }
    }
}
