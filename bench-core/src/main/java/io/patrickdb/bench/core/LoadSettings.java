package io.patrickdb.bench.core;

/**
 * The settings of a load that every generator takes, with the same option names and defaults,
 * so that one command line drives Patrick-DB and etcd alike. What a generator adds (which server,
 * which protocol, how many threads) is its own.
 *
 * @param connections     connections (etcd: request streams), each with its own pipeline
 * @param pipeline        requests each connection keeps in flight
 * @param getRatio        the fraction of requests that are gets (the rest are writes)
 * @param valueSize       bytes per value
 * @param keys            the size of the key space; every key is stored before measuring
 * @param warmupSeconds   seconds of load before measuring starts
 * @param durationSeconds seconds measured
 * @param csv             whether to print a CSV line after the table
 */
public record LoadSettings(int connections, int pipeline, double getRatio, int valueSize, int keys, int warmupSeconds,
                           int durationSeconds, boolean csv) {

    /**
     * The usage lines of the options below {@code --pipeline}, for a generator's usage text. The
     * lines of {@code --connections} and {@code --pipeline} are each generator's own: they say what
     * a connection is there.
     */
    public static final String USAGE = """
              --get-ratio R       fraction of requests that are gets, 0..1   (default 0.9)
              --value-size B      bytes per value                            (default 100)
              --keys K            keys in the key space                      (default 100000)
              --warmup SECONDS    load before measuring                      (default 2)
              --duration SECONDS  time measured                              (default 10)
            """;

    /** Checks the values; refuses nonsense with a usage error. */
    public LoadSettings {
        CommandLine.atLeast("--connections", connections, 1);
        CommandLine.atLeast("--pipeline", pipeline, 1);
        CommandLine.atLeast("--value-size", valueSize, 0);
        CommandLine.atLeast("--keys", keys, 1);
        CommandLine.atLeast("--warmup", warmupSeconds, 0);
        CommandLine.atLeast("--duration", durationSeconds, 1);
        if (!(getRatio >= 0 && getRatio <= 1)) {   // written so that NaN is refused too
            throw new UsageException("--get-ratio must be between 0 and 1, not " + getRatio);
        }
    }

    /** The mix of requests these settings ask for. */
    public RequestMix mix() {
        return new RequestMix(keys, getRatio, valueSize);
    }

    /**
     * The settings while a command line is read: the defaults, each replaced by its option when
     * the option comes. A generator reads its own options first and hands every other one to
     * {@link #read}, which refuses what it does not know either.
     */
    public static final class Reader {
        private int connections = 32;
        private int pipeline = 1;
        private double getRatio = 0.9;
        private int valueSize = 100;
        private int keys = 100_000;
        private int warmup = 2;
        private int duration = 10;
        private boolean csv;

        /** Reads {@code option}, and its value from {@code args}; an option that is not one of these settings is a usage error. */
        public void read(String option, CommandLine args) {
            switch (option) {
                case "--connections" -> connections = args.integer(option);
                case "--pipeline" -> pipeline = args.integer(option);
                case "--get-ratio" -> getRatio = args.fraction(option);
                case "--value-size" -> valueSize = args.integer(option);
                case "--keys" -> keys = args.integer(option);
                case "--warmup" -> warmup = args.integer(option);
                case "--duration" -> duration = args.integer(option);
                case "--csv" -> csv = true;
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }

        /** The settings read so far, checked. */
        public LoadSettings settings() {
            return new LoadSettings(connections, pipeline, getRatio, valueSize, keys, warmup, duration, csv);
        }
    }
}
