package io.patrickdb.client;

import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The same operations as {@link PatrickClient}, each waiting for its answer: the client to
 * start with, and the one the command-line tool uses. Failures are thrown as the client's own
 * exceptions ({@link ServerErrorException}, {@link RequestTimeoutException},
 * {@link ConnectionException}), not wrapped.
 */
public final class BlockingClient implements AutoCloseable {
    private final PatrickClient client;

    private BlockingClient(PatrickClient client) {
        this.client = client;
    }

    /** Connects (and runs the handshake) before returning. */
    public static BlockingClient connect(ClientOptions options) {
        return new BlockingClient(PatrickClient.connect(options));
    }

    public Optional<Versioned> get(String key) {
        return await(client.get(key));
    }

    public long put(String key, byte[] value) {
        return await(client.put(key, value));
    }

    public long put(String key, byte[] value, Duration ttl) {
        return await(client.put(key, value, ttl));
    }

    public boolean delete(String key) {
        return await(client.delete(key));
    }

    public CasResult compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        return await(client.compareAndSet(key, expectedVersion, value, ttl));
    }

    public Map<String, Versioned> multiGet(List<String> keys) {
        return await(client.multiGet(keys));
    }

    public Map<String, Long> stats() {
        return await(client.stats());
    }

    public void ping() {
        await(client.ping());
    }

    /** The asynchronous client underneath. */
    public PatrickClient async() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }

    /** Waits for one of the asynchronous client's futures, throwing its failure as the client made it. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    /** The exception inside a {@link CompletionException}, if that is what {@code e} is. */
    static RuntimeException unwrap(RuntimeException e) {
        if (e instanceof CompletionException && e.getCause() instanceof RuntimeException cause) {
            return cause;
        }
        return e;
    }
}
