package io.patrickdb.bench.etcd;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The settings of one {@link EtcdLoad} run: the options of {@code ./patrickdb bench}, with etcd's
 * endpoints in place of a server, and request streams in place of connections.
 *
 * @param endpoints       the members' client URLs, such as {@code http://127.0.0.1:2379}
 * @param connections     request streams, each with its own pipeline
 * @param pipeline        requests each stream keeps in flight
 * @param getRatio        the fraction of requests that are gets (the rest are puts)
 * @param valueSize       bytes per value
 * @param keys            the size of the key space; every key is stored before measuring
 * @param warmupSeconds   seconds of load before measuring starts
 * @param durationSeconds seconds measured
 * @param csv             whether to print a CSV line after the table
 */
public record LoadOptions(List<String> endpoints, int connections, int pipeline, double getRatio, int valueSize,
                          int keys, int warmupSeconds, int durationSeconds, boolean csv) {

    /** The usage text, printed for {@code --help} and after a bad option. */
    public static final String USAGE = """
            usage: etcd-bench load --endpoints URL,URL,... [options]

              Drives etcd with N request streams, each keeping P requests in flight, and reports
              throughput and latency percentiles as ./patrickdb bench does. Stores every key first.
              Gets are linearizable (etcd's default).

              --endpoints URLS    the members' client URLs, comma-separated  (required)
              --connections N     request streams                            (default 32)
              --pipeline P        requests in flight per stream              (default 1)
              --get-ratio R       fraction of requests that are gets, 0..1   (default 0.9)
              --value-size B      bytes per value                            (default 100)
              --keys K            keys in the key space                      (default 100000)
              --warmup SECONDS    load before measuring                      (default 2)
              --duration SECONDS  time measured                              (default 10)
              --csv               also print one CSV line after the table
            """;

    /** Checks the values; refuses nonsense with a usage error. */
    public LoadOptions {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new UsageException("--endpoints is required");
        }
        for (String endpoint : endpoints) {
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new UsageException("an endpoint is a URL such as http://127.0.0.1:2379, not '" + endpoint + "'");
            }
        }
        atLeast("--connections", connections, 1);
        atLeast("--pipeline", pipeline, 1);
        atLeast("--value-size", valueSize, 0);
        atLeast("--keys", keys, 1);
        atLeast("--warmup", warmupSeconds, 0);
        atLeast("--duration", durationSeconds, 1);
        if (!(getRatio >= 0 && getRatio <= 1)) {
            throw new UsageException("--get-ratio must be between 0 and 1, not " + getRatio);
        }
    }

    /** The options in {@code args} over the defaults; throws {@link UsageException} for a bad one. */
    public static LoadOptions parse(List<String> args) {
        List<String> endpoints = List.of();
        int connections = 32;
        int pipeline = 1;
        double getRatio = 0.9;
        int valueSize = 100;
        int keys = 100_000;
        int warmup = 2;
        int duration = 10;
        boolean csv = false;
        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--endpoints" -> endpoints = Arrays.stream(value(option, rest).split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                case "--connections" -> connections = integer(option, rest);
                case "--pipeline" -> pipeline = integer(option, rest);
                case "--get-ratio" -> getRatio = fraction(option, rest);
                case "--value-size" -> valueSize = integer(option, rest);
                case "--keys" -> keys = integer(option, rest);
                case "--warmup" -> warmup = integer(option, rest);
                case "--duration" -> duration = integer(option, rest);
                case "--csv" -> csv = true;
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        return new LoadOptions(endpoints, connections, pipeline, getRatio, valueSize, keys, warmup, duration, csv);
    }

    /** The endpoints as the command line gave them, comma-separated. */
    public String server() {
        return String.join(",", endpoints);
    }

    private static String value(String option, Deque<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args.pop();
    }

    private static int integer(String option, Deque<String> args) {
        String text = value(option, args);
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
