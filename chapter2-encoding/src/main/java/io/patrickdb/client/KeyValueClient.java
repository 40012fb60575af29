package io.patrickdb.client;

import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the REST gateway needs of a client: one key's read, write, compare-and-set and delete, and
 * the server's counters. {@link PatrickClient} is one, talking to one server; chapter 4's
 * partitioned client is another, routing each key to the replica group that owns it, so the same
 * gateway serves a single node and a cluster.
 */
public interface KeyValueClient {
    /** The key's value and version, or empty if it has none. */
    CompletableFuture<Optional<Versioned>> get(String key);

    /** Stores the value (with a time to live, zero for none); completes with the key's new version. */
    CompletableFuture<Long> put(String key, byte[] value, Duration ttl);

    /** Stores the value if the key's version is {@code expectedVersion} (0: if it does not exist). */
    CompletableFuture<CasResult> compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl);

    /** Deletes the key; completes with whether it existed. */
    CompletableFuture<Boolean> delete(String key);

    /** The server's counters, by name. */
    CompletableFuture<Map<String, Long>> stats();
}
