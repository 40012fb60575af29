package io.patrickdb.index;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A persistent key-value store: the API every chapter of Patrick-DB builds on.
 *
 * <p>Keys are strings of 1 to 250 bytes of UTF-8 without whitespace or control characters;
 * values are byte arrays up to a configured size (see {@link Limits}). Every write gets the next
 * sequence number, which is also the key's new <em>version</em>: compare-and-set takes it, later
 * chapters use it as memcached's {@code cas} value and as replication offset.
 *
 * <p>A write returns once its {@link Durability} policy is met; the {@code ...Async} variants
 * return a future that completes at that moment instead, so a server never blocks a thread on
 * the disk. All methods are thread-safe.
 */
public interface KeyValueStore extends AutoCloseable {

    /** The key's value, or empty if it has none (never written, deleted or expired). */
    Optional<byte[]> get(String key);

    /** The key's value with its version and expiry, or empty. */
    Optional<Versioned> getVersioned(String key);

    /** Stores {@code value} under {@code key} with no expiry; returns the new version. */
    default long put(String key, byte[] value) {
        return put(key, value, null);
    }

    /**
     * Stores {@code value} under {@code key}, expiring after {@code ttl} ({@code null} or zero
     * for never); returns the new version.
     */
    default long put(String key, byte[] value, Duration ttl) {
        return await(putAsync(key, value, ttl));
    }

    /** Deletes the key; returns whether it had a value. Deleting a missing key writes nothing. */
    default boolean delete(String key) {
        return await(deleteAsync(key));
    }

    /**
     * Stores {@code value} only if the key's version is {@code expectedVersion}; an expected
     * version of {@code 0} means "only if the key has no value".
     */
    default CasResult compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        return await(compareAndSetAsync(key, expectedVersion, value, ttl));
    }

    /** {@link #put(String, byte[], Duration)} that completes when the write is durable by policy. */
    CompletableFuture<Long> putAsync(String key, byte[] value, Duration ttl);

    /** {@link #delete(String)} that completes when the tombstone is durable by policy. */
    CompletableFuture<Boolean> deleteAsync(String key);

    /** {@link #compareAndSet} that completes when the write (if any) is durable by policy. */
    CompletableFuture<CasResult> compareAndSetAsync(String key, long expectedVersion, byte[] value, Duration ttl);

    /** Reclaims the space of dead records now, and returns when done. */
    void compact();

    /** The store's counters. */
    StoreStats stats();

    /** Makes every acknowledged write durable and releases the files. */
    @Override
    void close();

    /**
     * Waits for a write's future, rethrowing its failure as it was thrown. Invalid arguments are
     * refused before a future exists, so only store failures arrive here.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StoreException("write failed", e.getCause());
        }
    }
}
