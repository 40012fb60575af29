package io.patrickdb.bench;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.protocol.Response;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.ReplicationStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node of a replicated group as the replication benchmark sees it, whether Patrick-DB or
 * Redis: where its replication stands, and a write and a read for the lag probe. Every call
 * blocks; one node is used by one thread.
 */
interface ReplicaNode extends AutoCloseable {
    /** The systems {@code --system} accepts. */
    List<String> SYSTEMS = List.of("patrickdb", "redis");

    /**
     * Where a node's replication stands.
     *
     * @param offset       a leader's offset, or a follower's own: Patrick-DB's last sequence number
     *                     (about one per write), Redis's replication offset (bytes of the stream)
     * @param linkUp       on a follower, whether it is streaming from its leader (Patrick-DB: link
     *                     "streaming"; Redis: master_link_status up and no sync in progress); true on a leader
     * @param acknowledged on a leader, each follower's acknowledged offset as the leader last heard
     *                     it, by the follower's {@code host:port}; empty on a follower
     */
    record Replication(long offset, boolean linkUp, Map<String, Long> acknowledged) {
        public Replication {
            acknowledged = Map.copyOf(acknowledged);
        }
    }

    Replication replication() throws IOException;

    void put(String key, byte[] value) throws IOException;

    /** Whether the node has a value for {@code key}. */
    boolean has(String key) throws IOException;

    /** How many keys the node holds. */
    long keys() throws IOException;

    @Override
    void close();

    /** A connection to the {@code system} node at {@code host:port}; throws if it does not accept one. */
    static ReplicaNode connect(String system, String address) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        return switch (system) {
            case "patrickdb" -> new PatrickDb(host, port);
            case "redis" -> new Redis(host, port);
            default -> throw new IllegalArgumentException("--system must be one of " + SYSTEMS + ", not '" + system + "'");
        };
    }

    /** Patrick-DB over its binary protocol with chapter 3's operations. */
    final class PatrickDb implements ReplicaNode {
        private static final Duration TIMEOUT = Duration.ofSeconds(10);
        private final PatrickClient client;

        PatrickDb(String host, int port) throws IOException {
            ClientOptions options = ClientOptions.to(host, port).withProtocol(ReplicationProtocol.v1()).withConnections(1)
                    .withRequestTimeout(TIMEOUT);
            try {
                client = PatrickClient.connect(options);
            } catch (RuntimeException e) {
                throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Replication replication() throws IOException {
            Response answer = await(client.call(new ReplicationStatus.Request()));
            if (!(answer instanceof ReplicationStatus.Response status)) {
                throw new IOException("expected a replication status, got " + answer);
            }
            Map<String, Long> acknowledged = new LinkedHashMap<>();
            for (ReplicationStatus.Follower f : status.followers()) {
                acknowledged.put(f.address(), f.acknowledged());
            }
            boolean leader = status.role().equals("leader");
            return new Replication(status.offset(), leader || status.link().equals("streaming"), acknowledged);
        }

        @Override
        public void put(String key, byte[] value) throws IOException {
            await(client.put(key, value));
        }

        @Override
        public boolean has(String key) throws IOException {
            return await(client.get(key)).isPresent();
        }

        @Override
        public long keys() throws IOException {
            return await(client.stats()).getOrDefault("keys", -1L);
        }

        private static <T> T await(CompletableFuture<T> call) throws IOException {
            try {
                return call.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (ExecutionException e) {
                throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("no answer within " + TIMEOUT.toSeconds() + " s");
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Redis over RESP: INFO replication, SET, GET, DBSIZE. */
    final class Redis implements ReplicaNode {
        private final RespClient client;

        Redis(String host, int port) throws IOException {
            client = new RespClient(host, port);
        }

        @Override
        public Replication replication() throws IOException {
            return replication(client.info("replication"));
        }

        /** The replication state in the fields of {@code INFO replication}. */
        static Replication replication(Map<String, String> info) throws IOException {
            String role = info.get("role");
            if ("master".equals(role)) {
                Map<String, Long> acknowledged = new LinkedHashMap<>();
                for (Map.Entry<String, String> field : info.entrySet()) {
                    if (field.getKey().matches("slave\\d+")) {
                        Map<String, String> replica = RespClient.parseReplicaLine(field.getValue());
                        acknowledged.put(replica.get("ip") + ":" + replica.get("port"), Long.parseLong(replica.get("offset")));
                    }
                }
                return new Replication(Long.parseLong(info.get("master_repl_offset")), true, acknowledged);
            } else if ("slave".equals(role)) {
                boolean up = "up".equals(info.get("master_link_status")) && "0".equals(info.get("master_sync_in_progress"));
                return new Replication(Long.parseLong(info.getOrDefault("slave_repl_offset", "0")), up, Map.of());
            }
            throw new IOException("INFO replication without a role master or slave: " + info);
        }

        @Override
        public void put(String key, byte[] value) throws IOException {
            client.call("SET", key, value);
        }

        @Override
        public boolean has(String key) throws IOException {
            return client.call("GET", key) != null;
        }

        @Override
        public long keys() throws IOException {
            return (Long) client.call("DBSIZE");
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
