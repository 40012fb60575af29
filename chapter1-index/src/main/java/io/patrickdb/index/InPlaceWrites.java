package io.patrickdb.index;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A store that can run some of its writes on the calling thread without waiting: without I/O and
 * without a lock another thread holds. A server's event loop answers writes in place this way,
 * as it does reads, and hands only the rest to a writer thread (chapter 2's {@code StoreService}).
 *
 * <p>A separate interface, not part of {@link KeyValueStore}: it is about scheduling, not about
 * data, and a store that wraps another (chapter 3's replication) need not offer it.
 */
public interface InPlaceWrites {

    /**
     * Runs {@code write}, one of {@code store}'s {@code ...Async} writes, on the calling thread if
     * it can finish there without waiting. Returns null, having changed nothing, if it cannot;
     * the caller then runs the write on a thread that may wait.
     */
    <T> CompletableFuture<T> tryWithoutWaiting(Function<KeyValueStore, CompletableFuture<T>> write);
}
