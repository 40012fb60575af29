package io.patrickdb.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The settings of one load-generator run, as {@code ./patrickdb bench} takes them.
 *
 * @param protocol        the wire protocol: patrickdb, redis, memcached or http
 * @param host            the server's host name or address
 * @param port            the server's port
 * @param connections     how many connections, each with its own pipeline
 * @param pipeline        requests each connection keeps in flight
 * @param getRatio        the fraction of requests that are gets (the rest are sets)
 * @param valueSize       bytes per value
 * @param keys            the size of the key space; every key is stored before measuring
 * @param warmupSeconds   seconds of load before measuring starts
 * @param durationSeconds seconds measured
 * @param threads         event-loop threads driving the connections
 * @param csv             whether to print a CSV line after the table
 */
public record BenchOptions(String protocol, String host, int port, int connections, int pipeline, double getRatio,
                           int valueSize, int keys, int warmupSeconds, int durationSeconds, int threads, boolean csv) {

    /** The usage text, printed for {@code --help} and after a bad option. */
    public static final String USAGE = """
            usage: patrickdb bench [options]

              Drives a server with N connections, each keeping P requests in flight, and reports
              throughput and latency percentiles. Stores every key first, so gets hit.

              --protocol NAME     patrickdb | redis | memcached | http      (default patrickdb)
              --server HOST:PORT  the server to drive                        (default 127.0.0.1:7379)
              --connections N     connections                                (default 32)
              --pipeline P        requests in flight per connection          (default 1)
              --get-ratio R       fraction of requests that are gets, 0..1   (default 0.9)
              --value-size B      bytes per value                            (default 100)
              --keys K            keys in the key space                      (default 100000)
              --warmup SECONDS    load before measuring                      (default 2)
              --duration SECONDS  time measured                              (default 10)
              --threads T         event-loop threads                         (default 1)
              --csv               also print one CSV line after the table
            """;

    /** Checks the values; the canonical constructor refuses nonsense with a usage error. */
    public BenchOptions {
        if (!WireProtocol.NAMES.contains(protocol)) {
            throw new UsageException("--protocol must be one of " + String.join(", ", WireProtocol.NAMES) + ", not '" + protocol + "'");
        }
        atLeast("--connections", connections, 1);
        atLeast("--pipeline", pipeline, 1);
        atLeast("--value-size", valueSize, 0);
        atLeast("--keys", keys, 1);
        if (port < 1 || port > 65535) {
            throw new UsageException("the port in --server must be 1..65535, not " + port);
        }
        atLeast("--warmup", warmupSeconds, 0);
        atLeast("--duration", durationSeconds, 1);
        atLeast("--threads", threads, 1);
        if (!(getRatio >= 0 && getRatio <= 1)) {
            throw new UsageException("--get-ratio must be between 0 and 1, not " + getRatio);
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
        int connections = 32;
        int pipeline = 1;
        double getRatio = 0.9;
        int valueSize = 100;
        int keys = 100_000;
        int warmup = 2;
        int duration = 10;
        int threads = 1;
        boolean csv = false;
        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--protocol" -> protocol = value(option, rest);
                case "--server" -> server = value(option, rest);
                case "--connections" -> connections = integer(option, rest);
                case "--pipeline" -> pipeline = integer(option, rest);
                case "--get-ratio" -> getRatio = fraction(option, rest);
                case "--value-size" -> valueSize = integer(option, rest);
                case "--keys" -> keys = integer(option, rest);
                case "--warmup" -> warmup = integer(option, rest);
                case "--duration" -> duration = integer(option, rest);
                case "--threads" -> threads = integer(option, rest);
                case "--csv" -> csv = true;
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--server must be HOST:PORT, not '" + server + "'");
        }
        String host = server.substring(0, colon).replace("[", "").replace("]", "");   // [::1]:7379
        int port = parseInt("--server", server.substring(colon + 1));
        return new BenchOptions(protocol, host, port, connections, pipeline, getRatio, valueSize, keys, warmup, duration,
                threads, csv);
    }

    /** The server as {@code host:port}. */
    public String server() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String value(String option, Deque<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args.pop();
    }

    private static int integer(String option, Deque<String> args) {
        return parseInt(option, value(option, args));
    }

    private static int parseInt(String option, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + text + "'");
        }
    }

    private static double fraction(String option, Deque<String> args) {
        String text = value(option, args);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, not '" + text + "'");
        }
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UsageException(option + " must be at least " + min + ", not " + value);
        }
    }

    /** A bad command line: the message says what is wrong, for the user to read above the usage text. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
