package io.patrickdb.cli;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.index.Versioned;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code patrickdb get|put|delete|stats|ping --server HOST:PORT}: one request to a running
 * server through {@link BlockingClient}. A value is printed as its raw bytes, so
 * {@code patrickdb get photo > photo.jpg} works; {@code put KEY -} reads the value from
 * standard input. The exit code says how it went: 0 done, 1 not found or refused, 2 usage.
 */
final class ClientCommand {
    private final String command;
    private final ClientOptions options;

    ClientCommand(String command, ClientOptions options) {
        this.command = command;
        this.options = options;
    }

    int run(java.util.List<String> args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        try (BlockingClient client = BlockingClient.connect(options)) {
            switch (command) {
                case "get" -> {
                    Optional<Versioned> value = client.get(arg(args, 0, "KEY"));
                    if (value.isEmpty()) {
                        err.println("patrickdb: not found");
                        return 1;
                    }
                    out.write(value.get().value());
                    out.flush();
                }
                case "put" -> {
                    String raw = arg(args, 1, "VALUE");
                    byte[] value = raw.equals("-") ? in.readAllBytes() : raw.getBytes(StandardCharsets.UTF_8);
                    Duration ttl = args.size() > 2 ? Duration.ofSeconds(Long.parseLong(args.get(2))) : Duration.ZERO;
                    long version = client.put(arg(args, 0, "KEY"), value, ttl);
                    out.println("OK version " + version);
                }
                case "delete" -> {
                    boolean deleted = client.delete(arg(args, 0, "KEY"));
                    if (!deleted) {
                        err.println("patrickdb: not found");
                        return 1;
                    }
                    out.println("deleted");
                }
                case "stats" -> client.stats().forEach((name, value) -> out.println(name + " " + value));
                case "ping" -> {
                    client.ping();
                    out.println("PONG");
                }
                default -> throw new Main.UsageException("unknown command '" + command + "'");
            }
            return 0;
        }
    }

    private static String arg(java.util.List<String> args, int index, String name) {
        if (args.size() <= index) {
            throw new Main.UsageException(name + " is missing");
        }
        return args.get(index);
    }
}
