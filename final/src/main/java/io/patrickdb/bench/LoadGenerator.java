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
    private RunState run;                  // this run's, once measure() has started it
    private List<String> owners = List.of();   // a cluster's nodes serving slots, in slot order

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
        run = new RunState(options.load().connections());
        List<Client> clients = new ArrayList<>();
        try {
            if (options.cluster()) {
                connectCluster(group, transport, clients);
            } else {
                connect(group, transport, clients);
            }
            preload(clients, run);
            Report report = load(clients, run);
            if (options.cluster()) {
                progress.println("[bench] " + clusterAnswers());
            }
            return report;
        } finally {
            run.stop();
            clients.forEach(Client::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private Bootstrap bootstrap(Transport transport) {
        return new Bootstrap()
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)   // a request must leave now, not wait for more
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
    }

    private void connect(EventLoopGroup group, Transport transport, List<Client> clients) {
        Bootstrap bootstrap = bootstrap(transport).group(group);
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
            clients.add(connection);
        }
        awaitConnected(connecting);
        progress.printf("[bench] %d connections to %s (%s, %s)%n", options.load().connections(), options.server(),
                options.protocol(), transport.name());
    }

    /**
     * Learns the cluster's slots from the seed node, then makes the clients, each with a link to
     * every node serving slots; all of a client's links share one event loop (the client's fields
     * are theirs, without locks), and the clients are spread over the loops.
     */
    private void connectCluster(EventLoopGroup group, Transport transport, List<Client> clients) {
        WireProtocol protocol = WireProtocol.named(options.protocol(), options.server());
        SlotMap map = protocol.slotMap(options.host(), options.port());
        owners = map.owners();
        LoadSettings settings = options.load();
        RequestMix mix = settings.mix();
        SplittableRandom seeds = new SplittableRandom();
        byte[][] values = mix.randomValues(seeds);
        int[] slotOfKey = ClusterClient.slotsOfKeys(new Workload(mix, values, seeds.split()), settings.keys());
        List<ChannelFuture> connecting = new ArrayList<>();
        for (int i = 0; i < settings.connections(); i++) {
            Workload workload = new Workload(mix, values, seeds.split());
            ClusterClient client = new ClusterClient(protocol, workload, run, bootstrap(transport).group(group.next()),
                    settings.pipeline(), settings.keys(), i, settings.connections(), slotOfKey, map);
            connecting.addAll(client.connecting());
            clients.add(client);
        }
        awaitConnected(connecting);
        progress.printf("[bench] %d clients of the cluster at %s (%s, %s), each linked to its %d nodes serving slots: %s%n",
                settings.connections(), options.server(), options.protocol(), transport.name(), owners.size(),
                String.join(", ", owners));
    }

    private void awaitConnected(List<ChannelFuture> connecting) {
        for (ChannelFuture future : connecting) {
            if (!future.awaitUninterruptibly().isSuccess()) {
                throw new RunFailed("cannot connect to " + (options.cluster() ? "a node of the cluster at " : "") + options.server()
                        + ": " + future.cause().getMessage());
            }
        }
    }

    /** Where a cluster run's answers came from, node by node (preload and warm-up included), and how many redirects it took. */
    private String clusterAnswers() {
        List<String> nodes = new ArrayList<>(owners);
        run.nodesAnswering().stream().filter(n -> !nodes.contains(n)).sorted().forEach(nodes::add);
        long total = nodes.stream().mapToLong(run::answeredBy).sum();
        StringBuilder line = new StringBuilder("answers by node:");
        for (String node : nodes) {
            line.append(String.format(Locale.ROOT, " %s %.1f%%", node, 100.0 * run.answeredBy(node) / Math.max(1, total)));
        }
        return line.append("; ").append(run.redirects()).append(" redirects, ").append(run.retries())
                .append(" requests sent again after a pause (no leader)").toString();
    }

    /** Stores every key, reporting progress each second; fails if the preload stalls or gets an error. */
    private void preload(List<Client> clients, RunState run) throws InterruptedException {
        int keys = options.load().keys();
        clients.forEach(Client::preload);
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
    private Report load(List<Client> clients, RunState run) throws InterruptedException {
        String target = options.protocol() + (options.cluster() ? " cluster of " + owners.size() + " at " : " at ") + options.server();
        Measurement measurement = new Measurement(target, options.load(), run.tally(), progress);
        Report report = measurement.run(() -> clients.forEach(Client::load), deadline -> {
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
     * second, p50, p99 and p99.9 in microseconds, and errors). With {@code --cluster}, three more:
     * the redirects, the requests sent again after a pause, and the answers of each node serving
     * slots, in slot order, as {@code host:port=count} separated by semicolons (preload and warm-up
     * included in all three).
     */
    @Override
    public String csvLine(Report report) {
        LoadSettings l = options.load();
        String line = String.format(Locale.ROOT, "csv,%s,%s,%d,%d,%s,%d,%d,%.3f,%s", options.protocol(), options.server(),
                l.connections(), l.pipeline(), l.getRatio(), l.valueSize(), l.keys(), report.seconds(), report.csvResults());
        if (!options.cluster()) {
            return line;
        }
        List<String> answers = owners.stream().map(node -> node + "=" + run.answeredBy(node)).toList();
        return line + "," + run.redirects() + "," + run.retries() + "," + String.join(";", answers);
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
