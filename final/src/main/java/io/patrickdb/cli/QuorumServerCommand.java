package io.patrickdb.cli;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.cluster.SlotGuard;
import io.patrickdb.replication.quorum.QuorumNode;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.server.Transport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code patrickdb server --replication quorum --node-id ID --peers ID=HOST:PORT,... --data-dir DIR}:
 * one node of a quorum group (chapter 3, part B: Raft). Every node is started with the same
 * {@code --peers}, itself included; it listens on its own entry's port unless {@code --port} says
 * otherwise. Writes are acknowledged once a majority has them on disk, so the group loses no
 * acknowledged write while a majority is up; any node takes requests (a follower hands them to
 * the leader). The REST API runs beside it as for a single server. With {@code --join} the node
 * starts outside the group, with the group's members as its peers, and waits to be added
 * ({@code cluster add-node} does both). With {@code --group ID} the node is one of replica group ID
 * of a partitioned cluster (chapter 4): it serves only the keys of the slots the cluster map
 * gives its group, answers {@code MOVED} for the others, and its REST API routes every key to
 * its group through the partitioned client.
 */
final class QuorumServerCommand {
    private final QuorumNode.Options options;
    private final ServerOptions serverOptions;
    private final int httpPort;
    private final String group; // empty: not partitioned

    private QuorumServerCommand(QuorumNode.Options options, ServerOptions serverOptions, int httpPort, String group) {
        this.options = options;
        this.serverOptions = serverOptions;
        this.httpPort = httpPort;
        this.group = group;
    }

    /** Parses the options that follow {@code server}; {@code --replication quorum} among them. */
    static QuorumServerCommand parse(Deque<String> args) {
        String nodeId = null;
        String peers = null;
        Path dataDir = null;
        Integer port = null;
        String host = null;
        int httpPort = -2; // not given: the binary port + 1
        int ioThreads = ServerOptions.defaults().ioThreads();
        boolean join = false;
        boolean leaseReads = false;
        String group = "";
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--replication" -> Main.value(option, args);
                case "--node-id" -> nodeId = Main.value(option, args);
                case "--peers" -> peers = Main.value(option, args);
                case "--data-dir" -> dataDir = Path.of(Main.value(option, args));
                case "--port" -> port = Main.port(option, Main.value(option, args), false);
                case "--http-port" -> httpPort = Main.port(option, Main.value(option, args), true);
                case "--host" -> host = Main.value(option, args);
                case "--io-threads" -> ioThreads = Main.positive(option, Main.value(option, args));
                case "--join" -> join = true;
                case "--lease-reads" -> leaseReads = true;
                case "--group" -> group = Main.value(option, args);
                case "--fsync", "--index", "--replica-of", "--min-replicas", "--min-replicas-max-lag", "--replica-retention" ->
                        throw new Main.UsageException(option + " is for --replication async; a quorum group always fsyncs its "
                                + "log before it acknowledges, and elects its leader");
                default -> throw new Main.UsageException("unknown option '" + option + "'");
            }
        }
        if (nodeId == null || peers == null || dataDir == null) {
            throw new Main.UsageException("--replication quorum needs --node-id, --peers and --data-dir");
        }
        Map<String, String> addresses = peers(peers);
        if (!addresses.containsKey(nodeId)) {
            throw new Main.UsageException("--peers must include this node, " + nodeId + ": " + peers);
        }
        ClientOptions self = ClientOptions.parse(addresses.get(nodeId));
        ServerOptions server = ServerOptions.defaults().withHost(host != null ? host : self.host())
                .withPort(port != null ? port : self.port()).withIoThreads(ioThreads);
        QuorumNode.Options options = QuorumNode.Options.of(nodeId, dataDir, addresses);
        options = join ? options.joining() : options;
        return new QuorumServerCommand(leaseReads ? options.withLeaseReads() : options, server, httpPort, group);
    }

    /** {@code a=host:port,b=host:port} as a map, in order. */
    static Map<String, String> peers(String list) {
        Map<String, String> peers = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            String[] kv = entry.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new Main.UsageException("--peers is ID=HOST:PORT,..., not '" + list + "'");
            }
            ClientOptions parsed = ClientOptions.parse(kv[1]);
            if (peers.put(kv[0], parsed.host() + ":" + parsed.port()) != null) {
                throw new Main.UsageException("--peers names " + kv[0] + " twice");
            }
        }
        return peers;
    }

    void run(PrintStream out) throws InterruptedException {
        QuorumNode node = group.isEmpty() ? QuorumNode.start(options, serverOptions)
                : SlotGuard.startNode(group, options, serverOptions);
        int http = httpPort == -2 ? (node.port() == 0 ? 0 : node.port() + 1) : httpPort;
        Gateway rest = http < 0 ? Gateway.NONE : group.isEmpty() ? Gateway.start(serverOptions.host(), http, node.port())
                : Gateway.startPartitioned(serverOptions.host(), http, node.address());
        out.printf("patrickdb: serving %s on %s:%d (binary protocol, %s)%s%n", options.dataDir(), serverOptions.host(),
                node.port(), Transport.name(), rest.describe());
        out.println("patrickdb: node " + options.nodeId() + " of the quorum group " + options.peers().keySet()
                + (group.isEmpty() ? "" : ", replica group " + group + " of a partitioned cluster")
                + (options.leaseReads() ? ", lease-based reads" : "") + "; Ctrl-C stops");
        out.flush();
        ServerCommand.untilStopped(rest, node::close);
    }
}
