package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * One connection of the load generator: a Netty handler that keeps its pipeline full.
 *
 * <p>It first stores its share of the key space (keys {@code first}, {@code first + step}, ...),
 * a few requests deep, so that later gets hit. Then, told to load, it sends {@code pipeline}
 * requests and one more for every response, until the run stops.
 *
 * <p>Everything here runs on the connection's event-loop thread, so none of its fields need a
 * lock; the main thread only asks it, through {@link #preload} and {@link #load}, to start a
 * phase on that thread. Requests encoded while reading are written in one batch when the read
 * is complete: one system call for many requests, as a pipelining client should.
 */
final class Connection extends ChannelInboundHandlerAdapter implements Client, ResponseParser.Listener {
    /** Stores run at least this deep even when the benchmark's pipeline is shallower: preloading is not measured. */
    static final int PRELOAD_PIPELINE = 16;

    private enum Phase { CONNECTED, PRELOADING, LOADING }

    private final WireProtocol protocol;
    private final ResponseParser parser;
    private final Workload workload;
    private final RunState run;
    private final int pipeline;
    private final int preloadPipeline;
    private final InFlight inFlight;
    private final int keys;
    private final int step;
    private int nextPreloadKey;

    private volatile Channel channel;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.CONNECTED;
    private final Unparsed unparsed = new Unparsed();
    private ByteBuf requests;   // requests encoded and not yet written
    private long receivedAt;    // when the bytes being parsed were read

    /**
     * A connection that preloads keys {@code first, first + step, ...} below {@code keys} and
     * then keeps {@code pipeline} requests in flight.
     */
    Connection(WireProtocol protocol, Workload workload, RunState run, int pipeline, int keys, int first, int step) {
        this.protocol = protocol;
        this.parser = protocol.newParser();
        this.workload = workload;
        this.run = run;
        this.pipeline = pipeline;
        this.preloadPipeline = Math.max(pipeline, PRELOAD_PIPELINE);
        this.inFlight = new InFlight(preloadPipeline);
        this.keys = keys;
        this.step = step;
        this.nextPreloadKey = first;
    }

    @Override
    public void preload() {
        channel.eventLoop().execute(this::startPreload);
    }

    /** Starts the load: {@code pipeline} requests in flight until the run stops. */
    @Override
    public void load() {
        channel.eventLoop().execute(this::startLoad);
    }

    @Override
    public void close() {
        if (channel != null) {   // null if the connection never got as far as registering
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    private void startPreload() {
        phase = Phase.PRELOADING;
        while (inFlight.size() < preloadPipeline && nextPreloadKey < keys) {
            sendPreload();
        }
        if (inFlight.size() == 0) {
            preloadDone();   // more connections than keys: this one has none
        }
        flush();
    }

    private void sendPreload() {
        send(false, workload.key(nextPreloadKey));
        nextPreloadKey += step;
    }

    private void preloadDone() {
        phase = Phase.CONNECTED;
        run.connectionPreloaded();
    }

    private void startLoad() {
        phase = Phase.LOADING;
        for (int i = 0; i < pipeline; i++) {
            sendRandom();
        }
        flush();
    }

    private void sendRandom() {
        send(workload.nextIsGet(), workload.randomKey());
    }

    private void send(boolean get, byte[] key) {
        if (requests == null) {
            requests = ctx.alloc().ioBuffer();
        }
        int id = inFlight.add();
        if (get) {
            protocol.encodeGet(requests, id, key);
        } else {
            protocol.encodeSet(requests, id, key, workload.randomValue());
        }
    }

    /** Writes the requests encoded so far; their latency starts now. */
    private void flush() {
        if (requests != null) {
            inFlight.sent(System.nanoTime());
            ctx.writeAndFlush(requests, ctx.voidPromise());
            requests = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        receivedAt = System.nanoTime();   // once per read: every response in it arrived together
        ByteBuf in = unparsed.append((ByteBuf) msg);
        try {
            parser.parse(in, this);
        } catch (ProtocolException e) {
            run.fail("from " + channel.remoteAddress() + ": " + e.getMessage());
            in.clear();
            ctx.close();
        }
        unparsed.keepRest(in, ctx.alloc());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    @Override
    public void response(int requestId) {
        answered(inFlight.remove(requestId), null);
    }

    @Override
    public void error(int requestId, String message) {
        answered(inFlight.remove(requestId), message);
    }

    private void answered(long sentAt, String error) {
        if (error != null) {
            run.error(error);
        }
        if (phase == Phase.PRELOADING) {
            run.keyLoaded();
            if (nextPreloadKey < keys) {
                sendPreload();
            } else if (inFlight.size() == 0) {
                preloadDone();
            }
        } else if (phase == Phase.LOADING) {
            if (error == null) {
                run.recordLatency(TimeUnit.NANOSECONDS.toMicros(receivedAt - sentAt));
            }
            if (!run.isStopping()) {
                sendRandom();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!run.isStopping()) {
            run.fail("the server closed the connection " + ctx.channel().localAddress() + " -> " + ctx.channel().remoteAddress());
        }
        release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!run.isStopping()) {
            run.fail("connection to " + ctx.channel().remoteAddress() + ": " + cause);
        }
        ctx.close();
    }

    private void release() {
        unparsed.release();
        if (requests != null) {
            requests.release();
            requests = null;
        }
    }
}
