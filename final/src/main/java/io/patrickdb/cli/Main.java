package io.patrickdb.cli;

import io.patrickdb.index.Durability;
import io.patrickdb.index.IndexKind;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreException;
import io.patrickdb.index.StoreOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Entry point of {@code ./patrickdb}. Usage:
 *
 * <pre>
 *   patrickdb shell --data-dir DIR [--fsync always|everysec|never] [--index hashmap|keydir]
 * </pre>
 */
public final class Main {
    static final String USAGE = """
            usage: patrickdb shell --data-dir DIR [--fsync always|everysec|never] [--index hashmap|keydir] [--repair]

              shell   open the store in DIR and read commands from standard input, one per line:
                      put KEY VALUE | get KEY | delete KEY | compact | stats | help | quit
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the program with {@code args}; returns the process exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            Deque<String> rest = new ArrayDeque<>(args);
            String command = rest.pop();
            if (!command.equals("shell")) {
                throw new UsageException("unknown command '" + command + "'");
            }
            StoreOptions options = storeOptions(rest);
            try (LogStructuredStore store = LogStructuredStore.open(options)) {
                var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                new Shell(store, in, out, System.console() != null).run();
            }
            return 0;
        } catch (UsageException e) {
            err.println("patrickdb: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (StoreException e) {
            err.println("patrickdb: " + e.getMessage());
            return 1;
        }
    }

    /** Parses {@code --data-dir}, {@code --fsync}, {@code --index} and {@code --repair}. */
    static StoreOptions storeOptions(Deque<String> args) {
        Path dataDir = null;
        Durability durability = Durability.EVERY_SECOND;
        IndexKind index = IndexKind.HASH_MAP;
        boolean repair = false;
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--data-dir" -> dataDir = Path.of(value(option, args));
                case "--fsync" -> durability = durability(value(option, args));
                case "--index" -> index = index(value(option, args));
                case "--repair" -> repair = true;
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if (dataDir == null) {
            throw new UsageException("--data-dir is required");
        }
        return StoreOptions.in(dataDir).withDurability(durability).withIndex(index).withRepair(repair);
    }

    private static String value(String option, Deque<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args.pop();
    }

    private static Durability durability(String name) {
        return switch (name) {
            case "always" -> Durability.ALWAYS;
            case "everysec" -> Durability.EVERY_SECOND;
            case "never" -> Durability.NEVER;
            default -> throw new UsageException("--fsync must be always, everysec or never, not '" + name + "'");
        };
    }

    private static IndexKind index(String name) {
        return switch (name) {
            case "hashmap" -> IndexKind.HASH_MAP;
            case "keydir" -> IndexKind.KEY_DIRECTORY;
            default -> throw new UsageException("--index must be hashmap or keydir, not '" + name + "'");
        };
    }

    /** Bad command-line arguments: the message says which. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
