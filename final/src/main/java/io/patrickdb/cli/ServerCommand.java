package io.patrickdb.cli;

import io.patrickdb.index.StoreOptions;
import io.patrickdb.replication.ReplicatedNode;
import io.patrickdb.replication.ReplicationOptions;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.server.Transport;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code patrickdb server}: opens the store, serves the binary protocol, and (unless the HTTP
 * port is {@code -1}) the REST API beside it, until the process is told to stop (Ctrl-C or
 * SIGTERM). Every server is a node of a replica group (chapter 3): a leader by default, a
 * follower with {@code --replica-of}. Stopping closes the listeners first, then lets queued
 * writes finish, then closes the store, so every acknowledged write is in the log.
 */
final class ServerCommand {
    static final int DEFAULT_PORT = 7379;
    static final int DEFAULT_HTTP_PORT = 7380;

    private final StoreOptions storeOptions;
    private final ServerOptions serverOptions;
    private final int httpPort;
    private final ReplicationOptions replication;
    private final Optional<String> replicaOf;

    ServerCommand(StoreOptions storeOptions, ServerOptions serverOptions, int httpPort, ReplicationOptions replication,
                  Optional<String> replicaOf) {
        this.storeOptions = storeOptions;
        this.serverOptions = serverOptions;
        this.httpPort = httpPort;
        this.replication = replication;
        this.replicaOf = replicaOf;
    }

    void run(PrintStream out) throws InterruptedException {
        ReplicatedNode node = ReplicatedNode.start(storeOptions, serverOptions, replication, replicaOf);
        Gateway rest = httpPort < 0 ? Gateway.NONE : Gateway.start(serverOptions.host(), httpPort, node.port());
        out.printf("patrickdb: serving %s on %s:%d (binary protocol, %s)%s%n", storeOptions.dataDir(),
                serverOptions.host(), node.port(), Transport.name(), rest.describe());
        out.println("patrickdb: " + node.role() + (node.role().equals("follower") ? " of " + node.status().leader() : "")
                + ", durability " + node.store().stats().durability() + ", index " + node.store().stats().index() + "; Ctrl-C stops");
        out.flush();
        untilStopped(rest, node::close);
    }

    /** Blocks until the process is told to stop (Ctrl-C, SIGTERM); then closes the REST gateway, then the node. */
    static void untilStopped(Gateway rest, Runnable closeNode) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rest.close();
            closeNode.run();
            stopped.countDown();
        }, "patrickdb-shutdown"));
        stopped.await();
    }
}
