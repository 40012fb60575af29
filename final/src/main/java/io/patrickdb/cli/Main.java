package io.patrickdb.cli;

import io.patrickdb.bench.LoadGenerator;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClientException;
import io.patrickdb.index.Durability;
import io.patrickdb.index.IndexKind;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreException;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.replication.ReplicationOptions;
import io.patrickdb.server.ServerOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of {@code ./patrickdb}: reads the sub-command and hands the rest of the arguments
 * to it. See {@link #USAGE}.
 */
public final class Main {
    static final String USAGE = """
            usage: patrickdb COMMAND [OPTIONS]

              server  --data-dir DIR [--port 7379] [--http-port 7380] [--host 127.0.0.1] [--io-threads N]
                      [--replica-of HOST:PORT] [--min-replicas N] [--min-replicas-max-lag MS]
                      [--replica-retention SECONDS] [STORE OPTIONS]
                      serve the store in DIR over the binary protocol and the REST API
                      (--http-port -1: no REST API) until Ctrl-C; a leader, or with --replica-of a
                      follower of the leader at HOST:PORT; with --min-replicas the leader refuses
                      writes while fewer followers have fetched within MS (default 10000)
              server  --replication quorum --node-id ID --peers ID=HOST:PORT,... --data-dir DIR
                      [--port P] [--http-port P] [--host H] [--io-threads N] [--join] [--lease-reads]
                      [--group ID]
                      a node of a quorum group (Raft): every node gets the same --peers, itself
                      included, and listens on its own entry's port; a write is acknowledged once
                      a majority has it on disk; any node takes requests; --join: a node outside
                      the group, with its members as --peers, waiting to be added; --lease-reads:
                      reads trust a 240 ms lease instead of a heartbeat round (needs clocks that
                      run at about the same rate: no virtual machine that can be suspended);
                      --group: a node of replica group ID of a partitioned cluster (only its slots)
              cluster start --nodes N --data-dir DIR [--replication async|quorum] [--base-port 7379]
                      [STORE OPTIONS | --lease-reads]
                      N nodes on this machine, one process each, in DIR/node1..N: a leader and N-1
                      followers (async, the default), or a quorum group that elects its leader;
                      prints their addresses and pids; Ctrl-C stops them all
              cluster start --groups G [--replicas 3] --data-dir DIR [--base-port 7379] [--lease-reads]
                      a partitioned cluster: G quorum groups of R nodes, one process each, in
                      DIR/g1..G; the 16384 hash slots split evenly between the groups; any node
                      (CLI, REST, client) takes any key; prints the nodes; Ctrl-C stops them all
              cluster status [--server HOST:PORT]
                      a partitioned cluster's map epoch, each group's slots, leader and key count,
                      and each node's role, term and map epoch
              cluster add-node --server HOST:PORT --data-dir DIR [--node-id ID]
                      start a new node in DIR/ID and add it to the quorum group HOST:PORT belongs to
                      (a learner until it has caught up, then a voter); runs it until Ctrl-C
              cluster remove-node --server HOST:PORT --node-id ID
                      take a node out of the quorum group (a dead one, or the leader: it hands over)
              shell   --data-dir DIR [STORE OPTIONS]
                      open the store in DIR in this process and read commands from standard input,
                      one per line: put KEY VALUE | get KEY | delete KEY | compact | stats | help | quit
              get KEY                   [--server HOST:PORT]  print the value (raw bytes)
              put KEY VALUE [TTL-SECS]  [--server HOST:PORT]  store VALUE ('-' reads standard input)
              append KEY VALUE          [--server HOST:PORT]  add VALUE to the end of KEY's value (quorum groups)
              delete KEY                [--server HOST:PORT]
              stats | ping              [--server HOST:PORT]
              status [--json]           [--server HOST:PORT]  role, history, offset, followers and their lag; on a
                                                              quorum node: role, pid, term, leader, commit, applied
              promote                   [--server HOST:PORT]  make a follower the leader (a new history)
              replicaof HOST:PORT|none  [--server HOST:PORT]  make the node follow HOST:PORT (none: lead)
              bench [OPTIONS]           load generator; bench --help lists its options
              check-history FILE [--model register|kv] [--timeout SECONDS] [--max-steps N]
                      check a recorded history (Patrick-DB, Jepsen EDN or Jepsen log format, recognised
                      from the content) for linearizability; the model defaults to register for Jepsen
                      logs, kv otherwise. Exit 0 linearizable, 1 not linearizable, 2 unreadable file or
                      usage error, 3 unknown: the checker's budget ran out (--timeout, default 60 s;
                      --max-steps, default what half the heap can remember)

            STORE OPTIONS: [--fsync always|everysec|never] [--index hashmap|keydir] [--repair]
            The client commands talk to 127.0.0.1:7379 unless --server says otherwise. A write sent
            to a follower goes to its leader; a read from a follower says so on standard error.
            Against a node of a partitioned cluster, get/put/delete/append go to the key's group;
            --direct asks that node only, which answers MOVED for a key of another group.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the program with {@code args}; returns the process exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            Deque<String> rest = new ArrayDeque<>(args);
            String command = rest.pop();
            switch (command) {
                case "shell" -> {
                    try (LogStructuredStore store = LogStructuredStore.open(storeOptions(rest))) {
                        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                        new Shell(store, in, out, System.console() != null).run();
                    }
                    return 0;
                }
                case "server" -> {
                    if (quorum(rest)) {
                        QuorumServerCommand.parse(rest).run(out);
                    } else {
                        serverCommand(rest).run(out);
                    }
                    return 0;
                }
                case "cluster" -> {
                    return ClusterCommand.run(rest, out, err);
                }
                case "get", "put", "append", "delete", "stats", "ping", "status", "promote", "replicaof" -> {
                    ClientOptions options = ClientOptions.parse("127.0.0.1:" + ServerCommand.DEFAULT_PORT);
                    List<String> positional = new ArrayList<>();
                    boolean direct = false;
                    while (!rest.isEmpty()) {
                        String arg = rest.pop();
                        if (arg.equals("--server")) {
                            options = ClientOptions.parse(value(arg, rest));
                        } else if (arg.equals("--direct")) {
                            direct = true;
                        } else {
                            positional.add(arg);
                        }
                    }
                    return new ClientCommand(command, options, direct).run(positional, System.in, out, err);
                }
                case "bench" -> {
                    return LoadGenerator.run(List.copyOf(rest), out, err);
                }
                case "check-history" -> {
                    return CheckHistoryCommand.run(List.copyOf(rest), out, err);
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            }
        } catch (UsageException | IllegalArgumentException e) {
            err.println("patrickdb: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (StoreException | PatrickClientException e) {
            err.println("patrickdb: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("patrickdb: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Whether the options say {@code --replication quorum} (and checks the mode's name). */
    static boolean quorum(Deque<String> args) {
        List<String> list = List.copyOf(args);
        int at = list.indexOf("--replication");
        if (at < 0) {
            return false;
        }
        String mode = at + 1 < list.size() ? list.get(at + 1) : "";
        return switch (mode) {
            case "quorum" -> true;
            case "async" -> false;
            default -> throw new UsageException("--replication must be async or quorum, not '" + mode + "'");
        };
    }

    /** Parses the server's options: its own, then the store's. */
    static ServerCommand serverCommand(Deque<String> args) {
        ServerOptions server = ServerOptions.defaults().withPort(ServerCommand.DEFAULT_PORT);
        int httpPort = ServerCommand.DEFAULT_HTTP_PORT;
        Deque<String> storeArgs = new ArrayDeque<>();
        ReplicationOptions replication = ReplicationOptions.defaults();
        Optional<String> replicaOf = Optional.empty();
        int minReplicas = 0;
        long maxLagMillis = replication.minReplicasMaxLag().toMillis();
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--replication" -> value(option, args); // async: checked by quorum()
                case "--node-id", "--peers" -> throw new UsageException(option + " is for --replication quorum");
                case "--replica-of" -> replicaOf = Optional.of(ClientOptions.parse(value(option, args))).map(o -> o.host() + ":" + o.port());
                case "--min-replicas" -> minReplicas = atLeastZero(option, value(option, args));
                case "--min-replicas-max-lag" -> maxLagMillis = positive(option, value(option, args));
                case "--replica-retention" -> replication = replication.withRetention(Duration.ofSeconds(positive(option, value(option, args))));
                case "--port" -> server = server.withPort(port(option, value(option, args), false));
                case "--http-port" -> httpPort = port(option, value(option, args), true);
                case "--host" -> server = server.withHost(value(option, args));
                case "--io-threads" -> server = server.withIoThreads(positive(option, value(option, args)));
                default -> {
                    storeArgs.add(option);
                    if (!option.equals("--repair") && !args.isEmpty()) {
                        storeArgs.add(args.pop());
                    }
                }
            }
        }
        try {
            replication = replication.withMinReplicas(minReplicas, Duration.ofMillis(maxLagMillis));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new ServerCommand(storeOptions(storeArgs), server, httpPort, replication, replicaOf);
    }

    private static int atLeastZero(String option, String value) {
        return value.equals("0") ? 0 : positive(option, value);
    }

    static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new UsageException(option + " must be a positive number, not '" + value + "'");
    }

    static int port(String option, String value, boolean allowNone) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535 || allowNone && port == -1) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new UsageException(option + " must be a port number (0..65535" + (allowNone ? ", or -1 for none" : "") + "), not '" + value + "'");
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

    static String value(String option, Deque<String> args) {
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
