package io.patrickdb.bench;

import io.patrickdb.bench.core.CommandLine;
import io.patrickdb.bench.core.LoadSettings;
import io.patrickdb.bench.core.UsageException;
import java.util.List;

/**
 * The settings of one load-generator run, as {@code ./patrickdb bench} takes them: which server,
 * over which protocol, with how many threads, and the load's settings, which are the same for
 * every generator ({@link LoadSettings}).
 *
 * @param protocol the wire protocol: patrickdb, redis, memcached or http
 * @param host     the server's host name or address
 * @param port     the server's port
 * @param threads  event-loop threads driving the connections
 * @param cluster  whether the server is a seed node of a cluster (a Redis Cluster, a Patrick-DB
 *                 partitioned cluster) whose slots each client routes its requests by
 * @param load     connections, pipeline, the request mix, warm-up and duration, CSV or not
 */
public record BenchOptions(String protocol, String host, int port, int threads, boolean cluster, LoadSettings load) {

    /** The usage text, printed for {@code --help} and after a bad option. */
    public static final String USAGE = """
            usage: patrickdb bench [options]

              Drives a server with N connections, each keeping P requests in flight, and reports
              throughput and latency percentiles. Stores every key first, so gets hit.

              --protocol NAME     patrickdb | redis | memcached | http      (default patrickdb)
              --server HOST:PORT  the server to drive                        (default 127.0.0.1:7379)
              --connections N     connections                                (default 32)
              --pipeline P        requests in flight per connection          (default 1)
            """ + LoadSettings.USAGE + """
              --threads T         event-loop threads                         (default 1)
              --cluster           the server is one node of a cluster (patrickdb: a partitioned
                                  cluster; redis: a Redis Cluster): learn its slots from it, and
                                  give each connection a link to every node serving slots, each
                                  request sent to its key's slot's node, MOVED and NOT_LEADER
                                  answers followed (and counted); --connections counts clients,
                                  each with --pipeline requests in flight over all its links
              --csv               also print one CSV line after the table
            """;

    /** Checks the values; the canonical constructor refuses nonsense with a usage error. */
    public BenchOptions {
        if (!WireProtocol.NAMES.contains(protocol)) {
            throw new UsageException("--protocol must be one of " + String.join(", ", WireProtocol.NAMES) + ", not '" + protocol + "'");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("the port in --server must be 1..65535, not " + port);
        }
        CommandLine.atLeast("--threads", threads, 1);
        if (cluster && !WireProtocol.CLUSTERS.contains(protocol)) {
            throw new UsageException("--cluster works with --protocol " + String.join(" or ", WireProtocol.CLUSTERS) + ", not " + protocol);
        }
    }

    /** The defaults, as the usage text lists them. */
    public static BenchOptions defaults() {
        return parse(List.of());
    }

    /** The options in {@code args} over the defaults; throws {@link UsageException} for a bad one. */
    public static BenchOptions parse(List<String> args) {
        String protocol = "patrickdb";
        String server = "127.0.0.1:7379";
        int threads = 1;
        boolean cluster = false;
        LoadSettings.Reader load = new LoadSettings.Reader();
        CommandLine rest = new CommandLine(args);
        while (rest.hasNext()) {
            String option = rest.next();
            switch (option) {
                case "--protocol" -> protocol = rest.value(option);
                case "--server" -> server = rest.value(option);
                case "--threads" -> threads = rest.integer(option);
                case "--cluster" -> cluster = true;
                default -> load.read(option, rest);
            }
        }
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--server must be HOST:PORT, not '" + server + "'");
        }
        String host = server.substring(0, colon).replace("[", "").replace("]", "");   // [::1]:7379
        int port = CommandLine.parseInt("--server", server.substring(colon + 1));
        return new BenchOptions(protocol, host, port, threads, cluster, load.settings());
    }

    /** The server as {@code host:port}. */
    public String server() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
