package io.patrickdb.client;

import io.netty.channel.EventLoopGroup;
import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import io.patrickdb.protocol.AgreedVersions;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.server.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The asynchronous Patrick-DB client. Every call returns at once with a future; many calls may
 * be in flight together, pipelined over a small pool of connections. A connection that breaks
 * is replaced on the next call that lands on it, so a restarted server is reached again without
 * the caller doing anything (the calls in flight when it broke fail with
 * {@link ConnectionException}).
 *
 * <p>Failures arrive as failed futures: {@link ServerErrorException} when the server answered
 * with an error (invalid key, value too large, ...), {@link RequestTimeoutException} when it did
 * not answer in time, {@link ConnectionException} when it could not be reached. For code that
 * prefers to wait, {@link BlockingClient} wraps this class.
 *
 * <pre>{@code
 * try (PatrickClient client = PatrickClient.connect(ClientOptions.to("127.0.0.1", 7379))) {
 *     client.put("greeting", "hello".getBytes(UTF_8))
 *           .thenCompose(version -> client.get("greeting"))
 *           .thenAccept(value -> System.out.println(value.map(v -> new String(v.value(), UTF_8))));
 * }
 * }</pre>
 */
public final class PatrickClient implements KeyValueClient, AutoCloseable {
    private final ClientOptions options;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Object[] locks;
    private final CompletableFuture<Connection>[] slots;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    private PatrickClient(ClientOptions options, EventLoopGroup group, boolean ownsGroup) {
        this.options = options;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.slots = new CompletableFuture[options.connections()];
        this.locks = new Object[options.connections()];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** A client with its own event loop; connections open on first use. */
    public static PatrickClient create(ClientOptions options) {
        return new PatrickClient(options, Transport.newGroup(1, "patrickdb-client"), true);
    }

    /** A client that shares {@code group} (the REST gateway's, say); closing the client leaves the group running. */
    public static PatrickClient create(ClientOptions options, EventLoopGroup group) {
        return new PatrickClient(options, group, false);
    }

    /** A client whose first connection is open and past its handshake, or an exception saying why not. */
    public static PatrickClient connect(ClientOptions options) {
        PatrickClient client = create(options);
        try {
            client.connection(0).join();
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw BlockingClient.unwrap(e);
        }
    }

    // ---- the operations ------------------------------------------------------------------

    public CompletableFuture<Optional<Versioned>> get(String key) {
        return call(new Request.Get(key), Response.Get.class).thenApply(Response.Get::value);
    }

    public CompletableFuture<Long> put(String key, byte[] value) {
        return put(key, value, Duration.ZERO);
    }

    /** Stores {@code value}; with a non-zero {@code ttl} the key expires after it. Completes with the new version. */
    public CompletableFuture<Long> put(String key, byte[] value, Duration ttl) {
        return call(new Request.Put(key, value, ttl), Response.Put.class).thenApply(Response.Put::version);
    }

    /** Completes with whether the key had a value. */
    public CompletableFuture<Boolean> delete(String key) {
        return call(new Request.Delete(key), Response.Delete.class).thenApply(Response.Delete::deleted);
    }

    /** Stores {@code value} only if the key's version is {@code expectedVersion} (0: only if absent). */
    public CompletableFuture<CasResult> compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        return call(new Request.CompareAndSet(key, expectedVersion, value, ttl), Response.CompareAndSet.class)
                .thenApply(Response.CompareAndSet::result);
    }

    /** The keys that have values, with their values, in the order asked for. */
    public CompletableFuture<Map<String, Versioned>> multiGet(List<String> keys) {
        return call(new Request.MultiGet(keys), Response.MultiGet.class).thenApply(r -> {
            if (r.values().size() != keys.size()) {
                throw new PatrickClientException("multi-get of " + keys.size() + " keys answered with " + r.values().size());
            }
            Map<String, Versioned> found = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                r.values().get(i).ifPresent(v -> found.put(key, v));
            }
            return found;
        });
    }

    /** The server's counters. */
    public CompletableFuture<Map<String, Long>> stats() {
        return call(new Request.Stats(), Response.Stats.class).thenApply(Response.Stats::counters);
    }

    /** Completes when the server answers. */
    public CompletableFuture<Void> ping() {
        return call(new Request.Ping(), Response.Pong.class).thenApply(pong -> null);
    }

    // ---- the general call, for operations without a method of their own --------------------

    /**
     * Sends any request and completes with the server's response, errors included as
     * {@link Response.Error}: for operations added after this class was written.
     */
    public CompletableFuture<Response> call(Request request) {
        if (closed) {
            return CompletableFuture.failedFuture(new PatrickClientException("client is closed"));
        }
        int slot = Math.floorMod(next.getAndIncrement(), slots.length);
        return connection(slot).thenCompose(c -> c.send(request));
    }

    /** What the handshake on one of this client's connections agreed. */
    public CompletableFuture<AgreedVersions> agreedVersions() {
        return connection(0).thenApply(Connection::agreed);
    }

    private <T extends Response> CompletableFuture<T> call(Request request, Class<T> expected) {
        return call(request).thenApply(response -> {
            if (response instanceof Response.Error e) {
                throw new ServerErrorException(e);
            }
            if (!expected.isInstance(response)) {
                throw new PatrickClientException("expected " + expected.getSimpleName() + ", got " + response);
            }
            return expected.cast(response);
        });
    }

    /** The connection in {@code slot}, opening a new one if there is none or the old one broke. */
    private CompletableFuture<Connection> connection(int slot) {
        synchronized (locks[slot]) {
            CompletableFuture<Connection> c = slots[slot];
            if (c == null || broken(c)) {
                c = Connection.open(group, options);
                slots[slot] = c;
            }
            return c;
        }
    }

    /**
     * Whether a connection (or the attempt to open one) has failed or closed; false while the
     * attempt is still under way. It asks {@code isDone()} first: once that is true the outcome is
     * final, so {@code join()} cannot throw. Asked the other way round, an attempt that failed on
     * the event loop between the two questions made {@code join()} throw out of {@link #call},
     * which promises a future, and out of whoever called it (a Raft node's thread, once).
     */
    static boolean broken(CompletableFuture<Connection> c) {
        return c.isDone() && (c.isCompletedExceptionally() || !c.join().isOpen());
    }

    /** Closes the connections (failing what is in flight) and, if the client owns it, its event loop. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < slots.length; i++) {
            synchronized (locks[i]) {
                if (slots[i] != null) {
                    slots[i].thenAccept(Connection::close);
                }
            }
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
