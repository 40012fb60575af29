package io.patrickdb.bench.etcd;

import io.patrickdb.bench.core.CommandLine;
import io.patrickdb.bench.core.LoadSettings;
import io.patrickdb.bench.core.UsageException;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of one {@link EtcdLoad} run: the options of {@code ./patrickdb bench}
 * ({@link LoadSettings}), with etcd's endpoints in place of a server, and request streams in
 * place of connections.
 *
 * @param endpoints the members' client URLs, such as {@code http://127.0.0.1:2379}
 * @param load      request streams, pipeline, the request mix, warm-up and duration, CSV or not
 */
public record LoadOptions(List<String> endpoints, LoadSettings load) {

    /** The usage text, printed for {@code --help} and after a bad option. */
    public static final String USAGE = """
            usage: etcd-bench load --endpoints URL,URL,... [options]

              Drives etcd with N request streams, each keeping P requests in flight, and reports
              throughput and latency percentiles as ./patrickdb bench does. Stores every key first.
              Gets are linearizable (etcd's default).

              --endpoints URLS    the members' client URLs, comma-separated  (required)
              --connections N     request streams                            (default 32)
              --pipeline P        requests in flight per stream              (default 1)
            """ + LoadSettings.USAGE + """
              --csv               also print one CSV line after the table
            """;

    /** Checks the endpoints; refuses nonsense with a usage error. */
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
    }

    /** The options in {@code args} over the defaults; throws {@link UsageException} for a bad one. */
    public static LoadOptions parse(List<String> args) {
        List<String> endpoints = List.of();
        LoadSettings.Reader load = new LoadSettings.Reader();
        CommandLine rest = new CommandLine(args);
        while (rest.hasNext()) {
            String option = rest.next();
            if (option.equals("--endpoints")) {
                endpoints = Arrays.stream(rest.value(option).split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
            } else {
                load.read(option, rest);
            }
        }
        return new LoadOptions(endpoints, load.settings());
    }

    /** The endpoints as the command line gave them, comma-separated. */
    public String server() {
        return String.join(",", endpoints);
    }
}
