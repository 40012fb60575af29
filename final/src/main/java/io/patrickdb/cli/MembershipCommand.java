package io.patrickdb.cli;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.replication.protocol.MembershipChange;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.replication.quorum.QuorumClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code patrickdb cluster add-node} and {@code remove-node}: a quorum group's membership, changed
 * one node at a time while it serves. {@code add-node --server ANY --data-dir DIR} starts a new
 * node on this machine (a process of its own, in {@code DIR/ID}), asks the group to add it, which
 * the group does once the node has caught up with the log, and runs the node until Ctrl-C.
 * {@code remove-node --server ANY --node-id ID} takes a node out, a dead one or a running one (the
 * leader too: it hands over to another). Replacing a dead machine is both: add the new node,
 * remove the dead one.
 */
final class MembershipCommand {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private MembershipCommand() {
    }

    static int addNode(Deque<String> args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        String server = "127.0.0.1:" + ServerCommand.DEFAULT_PORT;
        Path dir = null;
        String nodeId = null;
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--server" -> server = Main.value(option, args);
                case "--data-dir" -> dir = Path.of(Main.value(option, args));
                case "--node-id" -> nodeId = Main.value(option, args);
                default -> throw new Main.UsageException("unknown option '" + option + "'");
            }
        }
        if (dir == null) {
            throw new Main.UsageException("cluster add-node needs --data-dir (where the new node keeps its data)");
        }
        try (QuorumClient client = QuorumClient.create(List.of(server), PATIENCE)) {
            RaftStatus.Response leader = leaderStatus(client, server);
            Map<String, String> peers = new LinkedHashMap<>();
            peers.put(leader.nodeId(), leader.leaderAddress().isEmpty() ? server : leader.leaderAddress());
            leader.peers().forEach(p -> peers.put(p.nodeId(), p.address()));
            String id = nodeId != null ? nodeId : nextId(peers.keySet());
            if (peers.containsKey(id)) {
                throw new Main.UsageException(id + " is a member already: " + peers.keySet());
            }
            int port = ClusterCommand.freePort();
            peers.put(id, "127.0.0.1:" + port);
            Files.createDirectories(dir);
            StringBuilder list = new StringBuilder();
            peers.forEach((peer, address) -> list.append(list.length() == 0 ? "" : ",").append(peer).append('=').append(address));
            ClusterCommand.Node node = ClusterCommand.startProcess(id, dir.resolve(id + ".log"), List.of("--replication", "quorum",
                    "--join", "--node-id", id, "--peers", list.toString(), "--data-dir", dir.resolve(id).toString(),
                    "--http-port", String.valueOf(ClusterCommand.freePort())));
            List<ClusterCommand.Node> started = new ArrayList<>(List.of(node));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ClusterCommand.stopAll(started), "patrickdb-node-stop"));
            out.printf("%s  joining  %s  %s  pid %d  log %s%n", id, node.address(), node.rest(), node.process().pid(), node.log());
            out.flush();
            MembershipChange.Response r = BlockingClient.await(client.membership(MembershipChange.Change.ADD, id, node.address()));
            out.println("patrickdb: " + id + " added: voters " + String.join(",", r.voters())
                    + (r.learners().isEmpty() ? "" : ", learners " + String.join(",", r.learners())) + "; Ctrl-C stops it");
            out.flush();
            int code = node.process().waitFor();
            err.println("patrickdb: " + id + " (pid " + node.process().pid() + ") exited with " + code);
            return 0;
        }
    }

    static int removeNode(Deque<String> args, PrintStream out, PrintStream err) {
        String server = "127.0.0.1:" + ServerCommand.DEFAULT_PORT;
        String nodeId = null;
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--server" -> server = Main.value(option, args);
                case "--node-id" -> nodeId = Main.value(option, args);
                default -> throw new Main.UsageException("unknown option '" + option + "'");
            }
        }
        if (nodeId == null) {
            throw new Main.UsageException("cluster remove-node needs --node-id");
        }
        try (QuorumClient client = QuorumClient.create(List.of(server), PATIENCE)) {
            MembershipChange.Response r = BlockingClient.await(client.membership(MembershipChange.Change.REMOVE, nodeId, ""));
            out.println("patrickdb: " + nodeId + " removed: voters " + String.join(",", r.voters())
                    + (r.learners().isEmpty() ? "" : ", learners " + String.join(",", r.learners()))
                    + "; if it still runs, stop it");
            return 0;
        }
    }

    /** The leader's status, which names every member with its address. */
    private static RaftStatus.Response leaderStatus(QuorumClient client, String server) {
        RaftStatus.Response here = BlockingClient.await(client.status(server));
        if (here.role().equals("leader")) {
            return here;
        }
        if (here.leaderAddress().isEmpty()) {
            throw new IllegalStateException(server + " knows no leader now (role " + here.role() + "); try again in a moment");
        }
        return BlockingClient.await(client.status(here.leaderAddress()));
    }

    /** node1, node2, ...: the first name of that form not taken. */
    private static String nextId(java.util.Set<String> taken) {
        for (int i = 1; ; i++) {
            if (!taken.contains("node" + i)) {
                return "node" + i;
            }
        }
    }
}
