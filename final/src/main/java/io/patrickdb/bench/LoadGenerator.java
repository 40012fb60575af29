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
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code ./patrickdb bench}: drives a server and reports its throughput and latency.
 *
 * <p>A run has four phases. <b>Connect</b> the connections. <b>Preload</b>: the connections
 * store every key of the key space between them, so that gets find a value (a benchmark of
 * misses measures nothing). <b>Warm up</b>: full load, not counted, while the JIT compiles
 * and the server's caches fill. <b>Measure</b>: full load, counted. Progress goes to the error
 * stream once a second; the report goes to the output stream at the end.
 */
public final class LoadGenerator {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The preload fails if no key was stored for this long: the server is stuck, or ignores us. */
    private static final long PRELOAD_STALL = TimeUnit.SECONDS.toNanos(10);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final BenchOptions options;
    private final PrintStream progress;

    private LoadGenerator(BenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the generator from a shell; see {@link #run}. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Runs the generator with the options in {@code args} ({@link BenchOptions#USAGE}); prints the
     * report on {@code out} and progress on {@code err}. Returns the exit code: 0 for a clean
     * run, 1 if the run failed or any request got an error, 2 for a bad command line.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            err.println("patrickdb bench: " + e.getMessage());
            err.print(BenchOptions.USAGE);
            return 2;
        }
        try {
            Report report = new LoadGenerator(options, err).measure();
            out.print(report.table());
            if (options.csv()) {
                out.println(report.csvLine());
            }
            return report.errors() == 0 ? 0 : 1;
        } catch (RunFailed e) {
            err.println("patrickdb bench: " + e.getMessage());
            return 1;
        }
    }

    /** Connects, preloads, warms up and measures; the connections are closed on return. */
    private Report measure() {
        Transport transport = Transport.best();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), transport.ioHandler());
        RunState run = new RunState(options.connections());
        List<Connection> connections = new ArrayList<>();
        try {
            connect(group, transport, run, connections);
            preload(connections, run);
            return load(connections, run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailed("interrupted");
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
        SplittableRandom seeds = new SplittableRandom();
        byte[][] values = Workload.randomValues(options.valueSize(), seeds);
        List<ChannelFuture> connecting = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Workload workload = new Workload(options.keys(), options.getRatio(), values, seeds.split());
            Connection connection = new Connection(protocol, workload, run, options.pipeline(), options.keys(), i,
                    options.connections());
            connecting.add(bootstrap.clone().handler(connection).connect(options.host(), options.port()));
            connections.add(connection);
        }
        for (ChannelFuture future : connecting) {
            if (!future.awaitUninterruptibly().isSuccess()) {
                throw new RunFailed("cannot connect to " + options.server() + ": " + future.cause().getMessage());
            }
        }
        progress.printf("[bench] %d connections to %s (%s, %s)%n", options.connections(), options.server(),
                options.protocol(), transport.name());
    }

    /** Stores every key, reporting progress each second; fails if the preload stalls or gets an error. */
    private void preload(List<Connection> connections, RunState run) throws InterruptedException {
        connections.forEach(Connection::preload);
        long lastLoaded = 0;
        long lastProgress = System.nanoTime();
        while (!run.awaitPreloaded(SECOND)) {
            failIfFailed(run);
            long loaded = run.keysLoaded();
            progress.printf(Locale.ROOT, "[bench] preloading: %,d of %,d keys%n", loaded, options.keys());
            if (loaded != lastLoaded) {
                lastLoaded = loaded;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > PRELOAD_STALL) {
                throw new RunFailed("the preload stalled at " + loaded + " of " + options.keys() + " keys: no answer for "
                        + TimeUnit.NANOSECONDS.toSeconds(PRELOAD_STALL) + " s (does the server at " + options.server()
                        + " speak " + options.protocol() + "?)");
            }
        }
        failIfFailed(run);
        if (run.errors() > 0) {
            throw new RunFailed(run.errors() + " errors while storing the keys; the first: " + run.firstError());
        }
    }

    /** The warm-up and the measurement: one tick a second, each printing that second's figures. */
    private Report load(List<Connection> connections, RunState run) throws InterruptedException {
        connections.forEach(Connection::load);
        long start = System.nanoTime();
        Histogram interval = run.intervalHistogram(null);   // empty: nothing was recorded before the load
        Histogram measured = new Histogram(RunState.SIGNIFICANT_DIGITS);
        long measuredFrom = start;
        long tickAt = start;
        int ticks = options.warmupSeconds() + options.durationSeconds();
        for (int second = 1; second <= ticks; second++) {
            if (run.awaitFailure(start + second * SECOND - System.nanoTime())) {
                failIfFailed(run);
            }
            interval = run.intervalHistogram(interval);
            long now = System.nanoTime();
            boolean warmingUp = second <= options.warmupSeconds();
            if (warmingUp) {
                measuredFrom = now;
            } else {
                measured.add(interval);
            }
            printTick(second, warmingUp, interval, (now - tickAt) / (double) SECOND, run.errors());
            tickAt = now;
        }
        double seconds = (System.nanoTime() - measuredFrom) / (double) SECOND;
        Report report = Report.of(options, measured, seconds, run.errors());
        if (report.errors() > 0) {
            progress.println("[bench] " + report.errors() + " requests got an error; the first: " + run.firstError());
        }
        return report;
    }

    private void printTick(int second, boolean warmingUp, Histogram interval, double seconds, long errors) {
        String when = warmingUp
                ? "warm-up " + second + "/" + options.warmupSeconds() + " s"
                : (second - options.warmupSeconds()) + "/" + options.durationSeconds() + " s";
        progress.printf(Locale.ROOT, "[bench] %s: %,.0f ops/s, p99 %,d us%s%n", when, interval.getTotalCount() / seconds,
                interval.getValueAtPercentile(99), errors == 0 ? "" : ", " + errors + " errors");
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

    /** The run could not go on: the message says why, for the user. */
    private static final class RunFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunFailed(String message) {
            super(message);
        }
    }
}
