package io.patrickdb.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.patrickdb.bench.core.LoadCommand;
import io.patrickdb.bench.core.LoadSettings;
import io.patrickdb.bench.core.Measurement;
import io.patrickdb.bench.core.Report;
import io.patrickdb.bench.core.RequestMix;
import io.patrickdb.bench.core.RunFailed;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./patrickdb bench}: drives a server and reports its throughput and latency.
 *
 * <p>A run has four phases. <b>Connect</b> the connections. <b>Preload</b>: the connections
 * store every key of the key space between them, so that gets find a value (a benchmark of
 * misses measures nothing). <b>Warm up</b>: full load, not counted, while the JIT compiles
 * and the server's caches fill. <b>Measure</b>: full load, counted. Progress goes to the error
 * stream once a second; the report goes to the output stream at the end.
 *
 * <p>The command line, the warm-up and measurement, and the report are the same for every
 * generator, and live in {@link io.patrickdb.bench.core}; what is here is the Netty side:
 * connecting, and the preload.
 */
public final class LoadGenerator implements LoadCommand.Generator {
    private static final LoadCommand COMMAND = new LoadCommand("patrickdb bench", BenchOptions.USAGE, LoadGenerator::new);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The preload fails if no key was stored for this long: the server is stuck, or ignores us. */
    private static final long PRELOAD_STALL = TimeUnit.SECONDS.toNanos(10);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final BenchOptions options;
    private final PrintStream progress;

    /** A run with the options in {@code commandLine} ({@link BenchOptions#USAGE}); throws a usage error for a bad one. */
    private LoadGenerator(List<String> commandLine, PrintStream progress) {
        this.options = BenchOptions.parse(commandLine);
        this.progress = progress;
    }

    /** Runs the generator from a shell; see {@link #run}. */
    public static void main(String[] args) {
        COMMAND.runAndExit(args);
    }

    /**
     * Runs {@code ./patrickdb bench} with the options in {@code args}: the report goes to
     * {@code out} and progress to {@code err}; the exit code is {@link LoadCommand}'s (0 for a clean
     * run, 1 if the run failed or any request got an error, 2 for a bad command line).
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return COMMAND.run(args, out, err);
    }

    /** Connects, preloads, warms up and measures; the connections are closed on return. */
    @Override
    public Report measure() throws InterruptedException {
        Transport transport = Transport.best();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), transport.ioHandler());
        RunState run = new RunState(options.load().connections());
        List<Connection> connections = new ArrayList<>();
        try {
            connect(group, transport, run, connections);
            preload(connections, run);
            return load(connections, run);
        } finally {
            run.stop();
            connections.forEach(Connection::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void connect(EventLoopGroup group, Transport transport, RunState run, List<Connection> connections) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)   // a request must leave now, not wait for more
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
        WireProtocol protocol = WireProtocol.named(options.protocol(), options.server());
        LoadSettings settings = options.load();
        RequestMix mix = settings.mix();
        SplittableRandom seeds = new SplittableRandom();
        byte[][] values = mix.randomValues(seeds);
        List<ChannelFuture> connecting = new ArrayList<>();
        for (int i = 0; i < settings.connections(); i++) {
            Workload workload = new Workload(mix, values, seeds.split());
            Connection connection = new Connection(protocol, workload, run, settings.pipeline(), settings.keys(), i,
                    settings.connections());
            connecting.add(bootstrap.clone().handler(connection).connect(options.host(), options.port()));
            connections.add(connection);
        }
        for (ChannelFuture future : connecting) {
            if (!future.awaitUninterruptibly().isSuccess()) {
                throw new RunFailed("cannot connect to " + options.server() + ": " + future.cause().getMessage());
            }
        }
        progress.printf("[bench] %d connections to %s (%s, %s)%n", options.load().connections(), options.server(),
                options.protocol(), transport.name());
    }

    /** Stores every key, reporting progress each second; fails if the preload stalls or gets an error. */
    private void preload(List<Connection> connections, RunState run) throws InterruptedException {
        int keys = options.load().keys();
        connections.forEach(Connection::preload);
        long lastLoaded = 0;
        long lastProgress = System.nanoTime();
        while (!run.awaitPreloaded(SECOND)) {
            failIfFailed(run);
            long loaded = run.keysLoaded();
            progress.printf(Locale.ROOT, "[bench] preloading: %,d of %,d keys%n", loaded, keys);
            if (loaded != lastLoaded) {
                lastLoaded = loaded;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > PRELOAD_STALL) {
                throw new RunFailed("the preload stalled at " + loaded + " of " + keys + " keys: no answer for "
                        + TimeUnit.NANOSECONDS.toSeconds(PRELOAD_STALL) + " s (does the server at " + options.server()
                        + " speak " + options.protocol() + "?)");
            }
        }
        failIfFailed(run);
        if (run.tally().errors() > 0) {
            throw new RunFailed(run.tally().errors() + " errors while storing the keys; the first: " + run.tally().firstError());
        }
    }

    /** The warm-up and the measurement; a connection that breaks ends them at once. */
    private Report load(List<Connection> connections, RunState run) throws InterruptedException {
        Measurement measurement = new Measurement(options.protocol() + " at " + options.server(), options.load(),
                run.tally(), progress);
        Report report = measurement.run(() -> connections.forEach(Connection::load), deadline -> {
            if (run.awaitFailure(deadline - System.nanoTime())) {
                failIfFailed(run);
            }
        });
        if (report.errors() > 0) {
            progress.println("[bench] " + report.errors() + " requests got an error; the first: " + run.tally().firstError());
        }
        return report;
    }

    /**
     * The CSV line: the word {@code csv}, protocol, server, connections, pipeline, get ratio, value
     * size, keys, seconds measured, then the results ({@link Report#csvResults}: operations per
     * second, p50, p99 and p99.9 in microseconds, and errors).
     */
    @Override
    public String csvLine(Report report) {
        LoadSettings l = options.load();
        return String.format(Locale.ROOT, "csv,%s,%s,%d,%d,%s,%d,%d,%.3f,%s", options.protocol(), options.server(),
                l.connections(), l.pipeline(), l.getRatio(), l.valueSize(), l.keys(), report.seconds(), report.csvResults());
    }

    private static void failIfFailed(RunState run) {
        if (run.failure() != null) {
            throw new RunFailed(run.failure());
        }
    }

    /**
     * Epoll on Linux when its native library loads (fewer system calls), else Java's NIO. Not
     * io_uring, even where the server uses it: the generator is the measuring instrument, and it
     * stays the same for every server it measures.
     */
    private record Transport(String name, IoHandlerFactory ioHandler, Class<? extends SocketChannel> channel) {
        static Transport best() {
            return Epoll.isAvailable()
                    ? new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class)
                    : new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
        }
    }
}
