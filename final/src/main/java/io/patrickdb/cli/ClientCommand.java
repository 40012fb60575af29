package io.patrickdb.cli;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.index.Versioned;
import io.patrickdb.replication.ReplicatedClient;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.client.PatrickClientException;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.cluster.ClusterMap;
import io.patrickdb.cluster.ClusterProtocol;
import io.patrickdb.cluster.PartitionedClient;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.ReplicationStatus;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.replication.quorum.QuorumClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code patrickdb get|put|delete|stats|ping|status|promote|replicaof --server HOST:PORT}: one
 * request to a running node. Reads and writes go through {@link ReplicatedClient}, so a write sent
 * to a follower reaches its leader, and a read a follower answered says so on standard error. A
 * value is printed as its raw bytes, so {@code patrickdb get photo > photo.jpg} works;
 * {@code put KEY -} reads the value from standard input. Against a node of a partitioned cluster
 * (chapter 4), get, put, delete and append go through the partitioned client instead, to the
 * key's replica group, whichever node was named. The exit code says how it went: 0 done,
 * 1 not found or refused, 2 usage.
 */
final class ClientCommand {
    private final String command;
    private final ClientOptions options;

    private final boolean direct; // no routing: the named node only, even in a partitioned cluster

    ClientCommand(String command, ClientOptions options, boolean direct) {
        this.command = command;
        this.options = options;
        this.direct = direct;
    }

    int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        if (command.equals("stats") || command.equals("ping")) {
            return plain(out);
        }
        if (command.equals("status")) {
            Optional<RaftStatus.Response> quorum = quorumStatus();
            if (quorum.isPresent()) {
                printStatus(quorum.get(), args.contains("--json"), out);
                return 0;
            }
        }
        if (!direct && List.of("get", "put", "delete", "append").contains(command)) {
            Optional<ClusterMap> map = clusterMap();
            if (map.isPresent()) {
                return partitioned(map.get(), args, in, out, err);
            }
        }
        if (command.equals("append")) {
            return append(args, in, out, err);
        }
        try (ReplicatedClient client = ReplicatedClient.connect(options)) {
            switch (command) {
                case "get" -> {
                    ReplicatedClient.Read read = join(client.get(arg(args, 0, "KEY")));
                    read.followerOffset().ifPresent(offset ->
                            err.println("patrickdb: read from a follower at offset " + offset + ": it may be behind its leader"));
                    Optional<Versioned> value = read.value();
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
                    long version = join(client.put(arg(args, 0, "KEY"), value, ttl));
                    out.println("OK version " + version);
                }
                case "delete" -> {
                    if (!join(client.delete(arg(args, 0, "KEY")))) {
                        err.println("patrickdb: not found");
                        return 1;
                    }
                    out.println("deleted");
                }
                case "status" -> printStatus(join(client.status()), args.contains("--json"), out);
                case "promote" -> out.println("now " + join(client.replicaOf("")).role() + " of a new history");
                case "replicaof" -> {
                    String leader = arg(args, 0, "HOST:PORT or none");
                    String target = leader.equalsIgnoreCase("none") ? "" : hostAndPort(leader);
                    out.println("now " + join(client.replicaOf(target)).role() + (target.isEmpty() ? "" : " of " + target));
                }
                default -> throw new Main.UsageException("unknown command '" + command + "'");
            }
            return 0;
        }
    }

    /** The node's Raft status, or empty if it is not a node of a quorum group (it does not know the operation). */
    private Optional<RaftStatus.Response> quorumStatus() {
        try (PatrickClient client = PatrickClient.connect(options.withProtocol(ReplicationProtocol.v1()))) {
            Response r = join(client.call(new RaftStatus.Request()));
            if (r instanceof RaftStatus.Response status) {
                return Optional.of(status);
            }
            if (r instanceof Response.Error e && e.status().equals(Status.UNSUPPORTED_OPERATION)) {
                return Optional.empty();
            }
            throw new PatrickClientException("unexpected answer to a status request: " + r);
        }
    }

    /**
     * The cluster map of the node, if it is a node of a partitioned cluster; empty if it is not
     * (it does not know the operation). A partitioned node without a map yet is an error.
     */
    private Optional<ClusterMap> clusterMap() {
        try (PatrickClient client = PatrickClient.connect(options.withProtocol(ClusterProtocol.v1()))) {
            Response r;
            try {
                r = join(client.call(new ClusterProtocol.GetMap()));
            } catch (ServerErrorException e) {
                if (e.status().equals(Status.UNSUPPORTED_OPERATION)) {
                    return Optional.empty(); // the handshake said so: not a partitioned node, and no request was sent
                }
                throw e;
            }
            if (r instanceof ClusterProtocol.MapAnswer answer) {
                return Optional.of(answer.map().orElseThrow(() -> new PatrickClientException("node " + hostAndPort(
                        options.host() + ":" + options.port()) + " of group " + answer.group()
                        + " has no cluster map yet: has `cluster start` finished?")));
            }
            if (r instanceof Response.Error e && e.status().equals(Status.UNSUPPORTED_OPERATION)) {
                return Optional.empty();
            }
            throw new PatrickClientException("unexpected answer to a cluster map request: " + r);
        }
    }

    /** get, put, delete and append in a partitioned cluster: through the partitioned client, to the key's group. */
    private int partitioned(ClusterMap map, List<String> args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        String key = arg(args, 0, "KEY");
        try (PartitionedClient client = PartitionedClient.withMap(map, Duration.ofSeconds(10))) {
            switch (command) {
                case "get" -> {
                    Optional<Versioned> value = join(client.get(key));
                    if (value.isEmpty()) {
                        err.println("patrickdb: not found");
                        return 1;
                    }
                    out.write(value.get().value());
                    out.flush();
                    return 0;
                }
                case "delete" -> {
                    if (join(client.delete(key)).outcome() != SessionWrite.Outcome.DONE) {
                        err.println("patrickdb: not found");
                        return 1;
                    }
                    out.println("deleted");
                    return 0;
                }
                default -> {
                    String raw = arg(args, 1, "VALUE");
                    byte[] value = raw.equals("-") ? in.readAllBytes() : raw.getBytes(StandardCharsets.UTF_8);
                    Duration ttl = command.equals("put") && args.size() > 2 ? Duration.ofSeconds(Long.parseLong(args.get(2)))
                            : Duration.ZERO;
                    SessionWrite.Response r = join(command.equals("put") ? client.put(key, value, ttl) : client.append(key, value));
                    return written(r, out, err);
                }
            }
        }
    }

    /** A put's or an append's outcome on the terminal, and the exit code. */
    private static int written(SessionWrite.Response r, PrintStream out, PrintStream err) {
        switch (r.outcome()) {
            case DONE -> {
                out.println("OK version " + r.version());
                return 0;
            }
            case NOT_FOUND -> {
                err.println("patrickdb: not found: append adds to an existing value");
                return 1;
            }
            default -> {
                err.println("patrickdb: refused (" + r.outcome() + ")");
                return 1;
            }
        }
    }

    /** {@code append KEY VALUE}: only a quorum group has it, written through a session so that a resend applies once. */
    private int append(List<String> args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        String raw = arg(args, 1, "VALUE");
        byte[] value = raw.equals("-") ? in.readAllBytes() : raw.getBytes(StandardCharsets.UTF_8);
        try (QuorumClient client = QuorumClient.create(List.of(options.host() + ":" + options.port()), Duration.ofSeconds(10))) {
            return written(join(client.append(arg(args, 0, "KEY"), value)), out, err);
        } catch (ServerErrorException e) {
            if (e.status().equals(Status.UNSUPPORTED_OPERATION)) {
                err.println("patrickdb: append needs a quorum group (server --replication quorum)");
                return 1;
            }
            throw e;
        }
    }

    static void printStatus(RaftStatus.Response s, boolean json, PrintStream out) {
        if (json) {
            out.println(StatusJson.of(s));
            return;
        }
        out.println("node " + s.nodeId() + " (pid " + s.pid() + ")");
        out.println("role " + s.role() + ", term " + s.term());
        out.println("leader " + (s.leaderId().isEmpty() ? "none known" : s.leaderId() + " " + s.leaderAddress()));
        out.println("log snapshot_index " + s.snapshotIndex() + ", last_index " + s.lastIndex() + ", commit " + s.commit()
                + ", applied " + s.applied());
        out.println("voters " + String.join(",", s.voters()) + (s.learners().isEmpty() ? "" : ", learners " + String.join(",", s.learners())));
        if (s.snapshotSize() > 0) {
            out.println("receiving a snapshot: " + progress(s.snapshotReceived(), s.snapshotSize()));
        }
        for (RaftStatus.Peer p : s.peers()) {
            out.printf("  %s %s match %d, lag %d entries%s%n", p.nodeId(), p.address(), p.match(), p.lag(),
                    p.snapshotSize() > 0 ? "; sending a snapshot: " + progress(p.snapshotSent(), p.snapshotSize()) : "");
        }
    }

    /** "12.0 of 40.0 MiB (30%)". */
    private static String progress(long done, long total) {
        return String.format(java.util.Locale.ROOT, "%.1f of %.1f MiB (%d%%)", done / 1048576.0, total / 1048576.0,
                total == 0 ? 0 : 100 * done / total);
    }

    private int plain(PrintStream out) {
        try (BlockingClient client = BlockingClient.connect(options)) {
            if (command.equals("stats")) {
                client.stats().forEach((name, value) -> out.println(name + " " + value));
            } else {
                client.ping();
                out.println("PONG");
            }
            return 0;
        }
    }

    static void printStatus(ReplicationStatus.Response s, boolean json, PrintStream out) {
        if (json) {
            out.println(StatusJson.of(s));
            return;
        }
        out.println("role " + s.role());
        out.println("replication_id " + s.replicationId());
        if (!s.previousId().isEmpty()) {
            out.println("previous_id " + s.previousId() + " (up to offset " + s.previousEnd() + ")");
        }
        out.println("offset " + s.offset());
        if (!s.leader().isEmpty()) {
            out.println("leader " + s.leader() + " (" + s.link() + ")");
        }
        out.println("followers " + s.followers().size());
        for (ReplicationStatus.Follower f : s.followers()) {
            out.printf("  %s %s %s acknowledged %d, lag %d records, %d ms; last fetch %d ms ago%n", f.nodeId(), f.address(),
                    f.state(), f.acknowledged(), f.lagRecords(), f.lagMillis(), f.sinceSeenMillis());
        }
    }

    private static String hostAndPort(String text) {
        ClientOptions parsed = ClientOptions.parse(text);
        return parsed.host() + ":" + parsed.port();
    }

    private static <T> T join(CompletableFuture<T> future) {
        return BlockingClient.await(future);
    }

    private static String arg(List<String> args, int index, String name) {
        if (args.size() <= index) {
            throw new Main.UsageException(name + " is missing");
        }
        return args.get(index);
    }
}
