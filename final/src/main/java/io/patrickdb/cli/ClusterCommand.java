package io.patrickdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code patrickdb cluster start --nodes N --data-dir DIR}: a replica group on this machine for
 * demos and experiments. Node 1 leads; nodes 2..N follow it. Each node is a process of its own,
 * {@code patrickdb server} in a JVM like this one, so that killing a node is {@code kill -9} of
 * its pid. It prints each node's role, addresses, pid and log file, then waits; Ctrl-C stops
 * them all. A node that dies meanwhile is reported, and the others keep running. With
 * {@code --groups G} it starts a partitioned cluster instead ({@link PartitionedCluster}).
 */
final class ClusterCommand {
    private static final Pattern SERVING = Pattern.compile(
            "patrickdb: serving .* on ([^ ]+):(\\d+) \\(binary protocol[^)]*\\)(?:, REST on (http://\\S+))?");

    private ClusterCommand() {
    }

    /** A node as started: its process and where it serves. */
    record Node(int number, Process process, String address, String rest, Path log) {
    }

    static int run(Deque<String> args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        String sub = args.isEmpty() ? "" : args.pop();
        switch (sub) {
            case "start" -> {
                return start(args, out, err);
            }
            case "add-node" -> {
                return MembershipCommand.addNode(args, out, err);
            }
            case "remove-node" -> {
                return MembershipCommand.removeNode(args, out, err);
            }
            case "status" -> {
                return PartitionedCluster.status(args, out);
            }
            default -> throw new Main.UsageException("cluster needs a sub-command: start, status, add-node or remove-node");
        }
    }

    private static int start(Deque<String> args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        int nodes = 3;
        int groups = 0;
        int replicas = 3;
        Path dir = null;
        int basePort = ServerCommand.DEFAULT_PORT;
        boolean quorum = false;
        List<String> storeOptions = new ArrayList<>();
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--nodes" -> nodes = Main.positive(option, Main.value(option, args));
                case "--groups" -> groups = Main.positive(option, Main.value(option, args));
                case "--replicas" -> replicas = Main.positive(option, Main.value(option, args));
                case "--replication" -> quorum = Main.quorum(new ArrayDeque<>(List.of(option, Main.value(option, args))));
                case "--data-dir" -> dir = Path.of(Main.value(option, args));
                case "--base-port" -> basePort = Main.value(option, args).equals("0") ? 0 : Main.positive(option, Main.value(option, args));
                default -> storeOptions.add(option);
            }
        }
        if (dir == null) {
            throw new Main.UsageException("--data-dir is required");
        }
        Files.createDirectories(dir);
        List<Node> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started), "patrickdb-cluster-stop"));
        if (groups > 0) {
            boolean leaseReads = storeOptions.remove("--lease-reads");
            if (!storeOptions.isEmpty()) {
                throw new Main.UsageException("a partitioned cluster takes no store options: " + storeOptions);
            }
            return PartitionedCluster.start(groups, replicas, dir, basePort, leaseReads, started, out, err);
        }
        if (quorum) {
            boolean leaseReads = storeOptions.remove("--lease-reads");
            if (!storeOptions.isEmpty()) {
                throw new Main.UsageException("a quorum group takes no store options: " + storeOptions);
            }
            return runQuorum(nodes, dir, basePort, leaseReads, started, out, err);
        }
        String leader = null;
        for (int i = 1; i <= nodes; i++) {
            int port = basePort == 0 ? 0 : basePort + 2 * (i - 1);
            int http = basePort == 0 ? 0 : port + 1;
            Node node = start(i, dir, port, http, leader, storeOptions);
            started.add(node);
            if (leader == null) {
                leader = node.address();
            }
        }
        for (Node n : started) {
            out.printf("node%d  %-8s  %s  %s  pid %d  log %s%n", n.number(), n.number() == 1 ? "leader" : "follower",
                    n.address(), n.rest(), n.process().pid(), n.log());
        }
        out.println("patrickdb: cluster of " + nodes + " running; ./patrickdb status --server " + leader
                + " shows it; Ctrl-C stops every node");
        out.flush();
        for (Node n : started) {
            int code = n.process().waitFor();
            err.println("patrickdb: node" + n.number() + " (pid " + n.process().pid() + ") exited with " + code);
        }
        return 0;
    }

    /**
     * A quorum group: every node gets the same {@code --peers}, so each needs its port before any
     * starts. They come from {@code --base-port} (two per node: binary, then REST), or with
     * {@code --base-port 0} from the operating system, asked for free ports just before.
     */
    private static int runQuorum(int nodes, Path dir, int basePort, boolean leaseReads, List<Node> started, PrintStream out,
                                 PrintStream err)
            throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            ports.add(basePort == 0 ? freePort() : basePort + 2 * (i - 1));
        }
        StringBuilder peers = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            peers.append(i == 1 ? "" : ",").append("node").append(i).append("=127.0.0.1:").append(ports.get(i - 1));
        }
        for (int i = 1; i <= nodes; i++) {
            int http = basePort == 0 ? freePort() : ports.get(i - 1) + 1;
            List<String> options = new ArrayList<>(List.of("--replication", "quorum", "--node-id", "node" + i, "--peers",
                    peers.toString()));
            if (leaseReads) {
                options.add("--lease-reads");
            }
            started.add(start(i, dir, -1, http, null, options));
        }
        List<String> addresses = started.stream().map(Node::address).toList();
        java.util.Map<String, String> roles = awaitLeader(addresses);
        for (Node n : started) {
            out.printf("node%d  %-9s  %s  %s  pid %d  log %s%n", n.number(), roles.getOrDefault(n.address(), "?"),
                    n.address(), n.rest(), n.process().pid(), n.log());
        }
        out.println("patrickdb: quorum group of " + nodes + " running; ./patrickdb status --server " + addresses.get(0)
                + " shows a node; any node takes requests; Ctrl-C stops every node");
        out.flush();
        for (Node n : started) {
            int code = n.process().waitFor();
            err.println("patrickdb: node" + n.number() + " (pid " + n.process().pid() + ") exited with " + code);
        }
        return 0;
    }

    /** Each node's role once one of them leads and every one answers (at most 30 s; then "down" for a silent one). */
    static java.util.Map<String, String> awaitLeader(List<String> addresses) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        java.util.Map<String, String> roles = new java.util.HashMap<>();
        try (var client = io.patrickdb.replication.quorum.QuorumClient.create(addresses, java.time.Duration.ofSeconds(1))) {
            while (System.nanoTime() < until) {
                roles.clear();
                for (String a : addresses) {
                    try {
                        roles.put(a, client.status(a).get(1, TimeUnit.SECONDS).role());
                    } catch (ExecutionException | TimeoutException e) {
                        roles.put(a, "down");
                    }
                }
                if (roles.containsValue("leader") && !roles.containsValue("down")) {
                    return roles; // (a node slow to start, on a busy machine, is not yet down)
                }
                Thread.sleep(50); // an election takes a few hundred milliseconds: look again shortly
            }
        }
        return roles;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code server} with {@code arguments} in a process of its own, logging to {@code log}; returns its process and address. */
    static Node startProcess(String name, Path log, List<String> arguments) throws IOException, InterruptedException {
        return launch(0, name, log, arguments);
    }

    static Node start(int number, Path dir, int port, int http, String leader, List<String> storeOptions)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--data-dir", dir.resolve("node" + number).toString(),
                "--http-port", String.valueOf(http)));
        if (port >= 0) { // a quorum node's port is its entry in --peers
            arguments.addAll(List.of("--port", String.valueOf(port)));
        }
        if (leader != null) {
            arguments.addAll(List.of("--replica-of", leader));
        }
        arguments.addAll(storeOptions);
        return launch(number, "node" + number, dir.resolve("node" + number + ".log"), arguments);
    }

    /** Runs {@code patrickdb server ARGUMENTS} in a JVM like this one, and waits until it says where it serves. */
    private static Node launch(int number, String name, Path log, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String jvm : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!jvm.startsWith("-Dorg.slf4j.simpleLogger.defaultLogLevel")) {
                command.add(jvm);
            }
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"); // a node's log tells its replication story
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "server"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CompletableFuture<Matcher> serving = new CompletableFuture<>();
        Thread copier = new Thread(() -> copyOutput(process, log, serving), "patrickdb-cluster-" + name);
        copier.setDaemon(true);
        copier.start();
        try {
            Matcher m = serving.get(120, TimeUnit.SECONDS);
            return new Node(number, process, m.group(1) + ":" + m.group(2), m.group(3) == null ? "" : m.group(3), log);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(name + " did not start; see " + log, e);
        }
    }

    /** Copies the node's standard output to its log, and reports the line that says where it serves. */
    private static void copyOutput(Process process, Path log, CompletableFuture<Matcher> serving) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer to = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line; (line = in.readLine()) != null; ) {
                to.write(line + "\n");
                to.flush();
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    serving.complete(m);
                }
            }
        } catch (IOException e) {
            serving.completeExceptionally(e);
        }
        serving.completeExceptionally(new IOException("the node exited"));
    }

    static void stopAll(List<Node> nodes) {
        Deque<Node> reversed = new ArrayDeque<>();
        nodes.forEach(reversed::push);
        for (Node n : reversed) {
            n.process().destroy(); // SIGTERM: the node closes its store cleanly
        }
        for (Node n : reversed) {
            try {
                n.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
