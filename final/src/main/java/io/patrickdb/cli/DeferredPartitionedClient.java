package io.patrickdb.cli;

import io.patrickdb.client.KeyValueClient;
import io.patrickdb.cluster.PartitionedClient;
import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The partitioned client behind a node's REST API, made when it is first needed: a node starts
 * before {@code cluster start} has stored the cluster map, and a client needs the map. A failed
 * attempt (no map yet) fails that request with the reason, and the next request tries again.
 */
final class DeferredPartitionedClient implements KeyValueClient, AutoCloseable {
    private static final Duration GROUP_DEADLINE = Duration.ofSeconds(5);

    private final List<String> seeds;
    private CompletableFuture<PartitionedClient> client;

    DeferredPartitionedClient(List<String> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    private synchronized CompletableFuture<PartitionedClient> client() {
        if (client == null || client.isCompletedExceptionally()) {
            client = PartitionedClient.open(seeds, GROUP_DEADLINE);
        }
        return client;
    }

    private <T> CompletableFuture<T> with(Function<KeyValueClient, CompletableFuture<T>> call) {
        return client().thenCompose(c -> call.apply(c.asKeyValueClient()));
    }

    @Override
    public CompletableFuture<Optional<Versioned>> get(String key) {
        return with(c -> c.get(key));
    }

    @Override
    public CompletableFuture<Long> put(String key, byte[] value, Duration ttl) {
        return with(c -> c.put(key, value, ttl));
    }

    @Override
    public CompletableFuture<CasResult> compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        return with(c -> c.compareAndSet(key, expectedVersion, value, ttl));
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
        return with(c -> c.delete(key));
    }

    @Override
    public CompletableFuture<Map<String, Long>> stats() {
        return with(KeyValueClient::stats);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.thenAccept(PartitionedClient::close);
        }
    }
}
