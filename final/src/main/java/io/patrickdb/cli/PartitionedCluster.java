package io.patrickdb.cli;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.client.PatrickClientException;
import io.patrickdb.cluster.ClusterMap;
import io.patrickdb.cluster.ClusterProtocol;
import io.patrickdb.cluster.PartitionedClient;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.replication.protocol.RaftStatus;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code patrickdb cluster start --groups G --replicas R --data-dir DIR} and
 * {@code patrickdb cluster status --server ANY}: a partitioned cluster on this machine (chapter 4).
 *
 * <p>Start runs G quorum groups of R nodes, one process per node ({@code server --replication
 * quorum --group gN}), waits until every group has a leader, then stores the cluster map (the
 * 16,384 slots split evenly, in group order) in every group, and prints each node's group,
 * slots, role, addresses, pid and log. Status asks any node for the map, then every node for its
 * role and map epoch, and each group's leader for its key count.
 */
final class PartitionedCluster {
    private PartitionedCluster() {
    }

    static int start(int groups, int replicas, Path dir, int basePort, boolean leaseReads, List<ClusterCommand.Node> started,
                     PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Map<String, List<ClusterCommand.Node>> byGroup = new LinkedHashMap<>();
        List<ClusterMap.Group> members = new ArrayList<>();
        for (int g = 1; g <= groups; g++) {
            String group = "g" + g;
            List<Integer> ports = new ArrayList<>();
            StringBuilder peers = new StringBuilder();
            for (int n = 1; n <= replicas; n++) {
                int port = basePort == 0 ? ClusterCommand.freePort() : basePort + 2 * ((g - 1) * replicas + n - 1);
                ports.add(port);
                peers.append(n == 1 ? "" : ",").append(group).append('n').append(n).append("=127.0.0.1:").append(port);
            }
            List<ClusterCommand.Node> nodes = new ArrayList<>();
            for (int n = 1; n <= replicas; n++) {
                String id = group + "n" + n;
                int http = basePort == 0 ? ClusterCommand.freePort() : ports.get(n - 1) + 1;
                Files.createDirectories(dir.resolve(group));
                List<String> arguments = new ArrayList<>(List.of("--replication", "quorum", "--node-id", id, "--peers",
                        peers.toString(), "--group", group, "--data-dir", dir.resolve(group).resolve(id).toString(),
                        "--http-port", String.valueOf(http)));
                if (leaseReads) {
                    arguments.add("--lease-reads");
                }
                ClusterCommand.Node node = ClusterCommand.startProcess(id, dir.resolve(group).resolve(id + ".log"), arguments);
                started.add(node);
                nodes.add(node);
            }
            byGroup.put(group, nodes);
            members.add(new ClusterMap.Group(group, nodes.stream().map(ClusterCommand.Node::address).toList()));
        }
        Map<String, String> roles = new LinkedHashMap<>();
        for (List<ClusterCommand.Node> nodes : byGroup.values()) {
            roles.putAll(ClusterCommand.awaitLeader(nodes.stream().map(ClusterCommand.Node::address).toList()));
        }
        ClusterMap map = storedMap(members);
        for (ClusterMap.Group g : map.groups()) {
            out.printf("%s  slots %s (%d)%n", g.id(), String.join(",", map.rangesOf(g.id()).stream().map(Object::toString).toList()),
                    map.slotCount(g.id()));
            List<ClusterCommand.Node> nodes = byGroup.get(g.id());
            for (int n = 0; n < nodes.size(); n++) {
                ClusterCommand.Node node = nodes.get(n);
                out.printf("  %sn%d  %-9s  %s  %s  pid %d  log %s%n", g.id(), n + 1, roles.getOrDefault(node.address(), "?"),
                        node.address(), node.rest(), node.process().pid(), node.log());
            }
        }
        String any = members.get(0).nodes().get(0);
        out.println("patrickdb: partitioned cluster of " + groups + " groups of " + replicas + " running (map epoch " + map.epoch()
                + "); any node takes requests for any key; ./patrickdb cluster status --server " + any
                + " shows it; Ctrl-C stops every node");
        out.flush();
        for (ClusterCommand.Node n : started) {
            int code = n.process().waitFor();
            err.println("patrickdb: " + n.log().getFileName().toString().replace(".log", "") + " (pid " + n.process().pid()
                    + ") exited with " + code);
        }
        return 0;
    }

    /**
     * The map every group stores: the one already there if the cluster ran in this data directory
     * before (its groups keep their slots; the nodes' addresses are this run's), else a new one.
     */
    private static ClusterMap storedMap(List<ClusterMap.Group> members) {
        ClusterMap fresh = ClusterMap.evenly(members);
        try (PartitionedClient admin = PartitionedClient.withMap(fresh, Duration.ofSeconds(30))) {
            Optional<ClusterMap> old = existing(members);
            ClusterMap map = fresh;
            if (old.isPresent()) {
                map = old.get();
                for (ClusterMap.Group g : members) {
                    Optional<ClusterMap.Group> before = map.group(g.id());
                    map = before.isPresent() && !before.get().equals(g) ? map.withGroup(g) : map; // new addresses: a new epoch
                }
            }
            admin.publish(map).join();
            return map;
        }
    }

    /** A map one of the nodes has from an earlier run, if any. */
    private static Optional<ClusterMap> existing(List<ClusterMap.Group> members) {
        for (ClusterMap.Group g : members) {
            for (String address : g.nodes()) {
                Optional<ClusterMap> map = mapAt(address);
                if (map.isPresent()) {
                    return map;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<ClusterMap> mapAt(String address) {
        try (PatrickClient client = PatrickClient.create(ClientOptions.parse(address).withProtocol(ClusterProtocol.v1())
                .withRequestTimeout(Duration.ofSeconds(2)))) {
            Response r = client.call(new ClusterProtocol.GetMap()).get(3, TimeUnit.SECONDS);
            return r instanceof ClusterProtocol.MapAnswer answer ? answer.map() : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** {@code cluster status [--server HOST:PORT]}: groups, slots, epochs, leaders, key counts. */
    static int status(Deque<String> args, PrintStream out) {
        String server = "127.0.0.1:" + ServerCommand.DEFAULT_PORT;
        while (!args.isEmpty()) {
            String option = args.pop();
            if (option.equals("--server")) {
                server = Main.value(option, args);
            } else {
                throw new Main.UsageException("unknown option '" + option + "'");
            }
        }
        ClusterMap map = mapAt(server).orElseThrow(() -> new PatrickClientException("no cluster map at this node: is it a node of a "
                + "partitioned cluster (cluster start --groups), and running?"));
        out.println("cluster map epoch " + map.epoch() + ", " + map.groups().size() + " groups, 16384 slots");
        for (ClusterMap.Group g : map.groups()) {
            List<String> lines = new ArrayList<>();
            String leader = null;
            for (String address : g.nodes()) {
                Optional<RaftStatus.Response> s = raftStatus(address);
                Optional<ClusterMap> theirs = mapAt(address);
                lines.add(String.format("  %-8s %-9s %s  term %s  applied %s  map epoch %s", s.map(RaftStatus.Response::nodeId).orElse("?"),
                        s.map(RaftStatus.Response::role).orElse("down"), address, s.map(x -> String.valueOf(x.term())).orElse("-"),
                        s.map(x -> String.valueOf(x.applied())).orElse("-"), theirs.map(m -> String.valueOf(m.epoch())).orElse("-")));
                if (s.isPresent() && s.get().role().equals("leader")) {
                    leader = address;
                }
            }
            String keys = leader == null ? "? (no leader)" : keys(leader).map(String::valueOf).orElse("?");
            out.printf("%s  slots %s (%d)  leader %s  keys %s%n", g.id(),
                    String.join(",", map.rangesOf(g.id()).stream().map(Object::toString).toList()), map.slotCount(g.id()),
                    leader == null ? "none" : leader, keys);
            lines.forEach(out::println);
        }
        return 0;
    }

    private static Optional<RaftStatus.Response> raftStatus(String address) {
        return ask(address, new RaftStatus.Request()).filter(RaftStatus.Response.class::isInstance).map(RaftStatus.Response.class::cast);
    }

    private static Optional<Long> keys(String address) {
        return ask(address, new Request.Stats()).filter(Response.Stats.class::isInstance)
                .map(r -> ((Response.Stats) r).counters().get("keys"));
    }

    private static Optional<Response> ask(String address, Request request) {
        try (PatrickClient client = PatrickClient.create(ClientOptions.parse(address).withProtocol(ClusterProtocol.v1())
                .withRequestTimeout(Duration.ofSeconds(2)))) {
            CompletableFuture<Response> answer = client.call(request);
            return Optional.of(BlockingClient.await(answer));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
