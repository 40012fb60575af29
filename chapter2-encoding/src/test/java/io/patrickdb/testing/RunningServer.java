package io.patrickdb.testing;

import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.server.Service;
import io.patrickdb.server.StoreService;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A real server over a real store in a temporary directory, on a port the OS chose: what the
 * protocol, server and client tests talk to.
 */
public final class RunningServer implements AutoCloseable {
    public final LogStructuredStore store;
    public final StoreService storeService;
    public final PatrickServer server;

    private RunningServer(LogStructuredStore store, StoreService storeService, PatrickServer server) {
        this.store = store;
        this.storeService = storeService;
        this.server = server;
    }

    public static RunningServer start(Path dir) {
        return start(dir, options -> options, service -> service);
    }

    /** A server whose options and service the test may change (wrap the service to add operations, say). */
    public static RunningServer start(Path dir, UnaryOperator<ServerOptions> options, UnaryOperator<Service> wrap) {
        return start(dir, options, (service, store) -> wrap.apply(service));
    }

    /** As above, for a wrapper that also needs the store. */
    public static RunningServer start(Path dir, UnaryOperator<ServerOptions> options,
                                      BiFunction<Service, LogStructuredStore, Service> wrap) {
        LogStructuredStore store = LogStructuredStore.open(StoreOptions.in(dir));
        StoreService service = StoreService.over(store);
        PatrickServer server = PatrickServer.start(options.apply(ServerOptions.defaults().withIoThreads(2)), wrap.apply(service, store));
        return new RunningServer(store, service, server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        storeService.close();
        store.close();
    }
}
