package io.patrickdb.replication;

import io.patrickdb.index.Durability;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A replicated node in a child JVM, for the tests that kill, pause and restart nodes. Arguments:
 * {@code DATA-DIR [key=value ...]} with keys {@code replica-of}, {@code fsync}
 * ({@code always|everysec|never}), {@code segment-bytes}, {@code min-replicas},
 * {@code max-lag-ms}, {@code retention-ms}, {@code port}. It prints {@code node serving PORT} on
 * standard output once it serves, then runs until it is killed.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            o.put(kv[0], kv[1]);
        }
        StoreOptions store = StoreOptions.in(dir)
                .withDurability(Durability.valueOf(o.getOrDefault("fsync", "EVERY_SECOND")))
                .withSegmentBytes(Long.parseLong(o.getOrDefault("segment-bytes", String.valueOf(StoreOptions.DEFAULT_SEGMENT_BYTES))));
        ReplicationOptions replication = ReplicationOptions.defaults()
                .withMinReplicas(Integer.parseInt(o.getOrDefault("min-replicas", "0")),
                        Duration.ofMillis(Long.parseLong(o.getOrDefault("max-lag-ms", "10000"))))
                .withRetention(Duration.ofMillis(Long.parseLong(o.getOrDefault("retention-ms", "3600000"))));
        ServerOptions server = ServerOptions.defaults().withPort(Integer.parseInt(o.getOrDefault("port", "0"))).withIoThreads(1);
        ReplicatedNode node = ReplicatedNode.start(store, server, replication, Optional.ofNullable(o.get("replica-of")));
        System.out.println("node serving " + node.port());
        System.out.flush();
        Thread.currentThread().join(); // until SIGKILL or SIGTERM
    }
}
