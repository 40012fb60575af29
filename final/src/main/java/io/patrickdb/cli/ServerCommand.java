package io.patrickdb.cli;

import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.server.StoreService;
import io.patrickdb.server.Transport;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code patrickdb server}: opens the store, serves the binary protocol, and (unless the HTTP
 * port is {@code -1}) the REST API beside it, until the process is told to stop (Ctrl-C or
 * SIGTERM). Stopping closes the listeners first, then lets queued writes finish, then closes
 * the store, so every acknowledged write is in the log.
 */
final class ServerCommand {
    static final int DEFAULT_PORT = 7379;
    static final int DEFAULT_HTTP_PORT = 7380;

    private final StoreOptions storeOptions;
    private final ServerOptions serverOptions;
    private final int httpPort;

    ServerCommand(StoreOptions storeOptions, ServerOptions serverOptions, int httpPort) {
        this.storeOptions = storeOptions;
        this.serverOptions = serverOptions;
        this.httpPort = httpPort;
    }

    void run(PrintStream out) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        LogStructuredStore store = LogStructuredStore.open(storeOptions);
        StoreService service = StoreService.over(store);
        PatrickServer server = PatrickServer.start(serverOptions, service);
        Gateway rest = httpPort < 0 ? Gateway.NONE : Gateway.start(serverOptions.host(), httpPort, server.port());
        out.printf("patrickdb: serving %s on %s:%d (binary protocol, %s)%s%n", storeOptions.dataDir(),
                serverOptions.host(), server.port(), Transport.name(), rest.describe());
        out.println("patrickdb: durability " + store.stats().durability() + ", index " + store.stats().index() + "; Ctrl-C stops");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rest.close();
            server.close();
            service.close();
            store.close();
            stopped.countDown();
        }, "patrickdb-shutdown"));
        stopped.await();
    }
}
