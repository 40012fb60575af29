package io.patrickdb.server;

import io.patrickdb.index.InPlaceWrites;
import io.patrickdb.index.IndexKind;
import io.patrickdb.index.KeyValueStore;
import io.patrickdb.index.StoreStats;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers requests from a {@link KeyValueStore} without ever blocking the caller's thread on disk.
 *
 * <p>A write is first offered to the store to run in place ({@link InPlaceWrites#tryWithoutWaiting}, if it offers it):
 * if the log can take the record into its memory buffer at once, the event loop does the write
 * itself, in a microsecond. Otherwise (the buffer must be written out first, the segment is
 * full, or a flush or compaction holds the log) the write goes to one <em>writer</em> thread,
 * which may wait for the disk. Either way the store hands back a future that completes when the
 * write is durable by the store's policy (at once with {@code everysec}, after the shared fsync
 * with {@code always}), and only then is the reply sent. Handing every write to the writer would
 * be simpler, but waking a thread costs tens of microseconds on a virtual machine, and on a busy
 * one up to a millisecond before it runs, which is longer than a thousand in-memory appends.
 * One writer thread suits the store: its appends are serialized by a lock anyway, so more
 * threads would only queue on it.
 *
 * <p>Order: a write runs in place only when no write is queued for the writer, so it never
 * overtakes an earlier one.
 *
 * <p>Reads never touch the disk when the index holds the values (the hash map), so they run
 * right on the event loop, which is the fastest place. A key directory reads values from the
 * log files, so with it reads go to a small pool of reader threads.
 */
public final class StoreService implements Service, AutoCloseable {
    private final KeyValueStore store;
    private final InPlaceWrites inPlace; // null: every write goes to the writer
    private final ExecutorService writer;
    private final ExecutorService readers; // null when reads run in place
    private final Executor reads;
    private final Queue<QueuedWrite> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger waitingForWriter = new AtomicInteger(); // queued or running on the writer
    private final HandlerTable handlers;

    private StoreService(KeyValueStore store, ExecutorService writer, ExecutorService readers) {
        this.store = store;
        this.inPlace = store instanceof InPlaceWrites w ? w : null;
        this.writer = writer;
        this.readers = readers;
        this.reads = readers == null ? Runnable::run : readers;
        this.handlers = handlers();
    }

    /** A service over {@code store}, with its own writer thread (and reader threads if the index needs them). */
    public static StoreService over(KeyValueStore store) {
        ExecutorService writer = Executors.newSingleThreadExecutor(daemon("patrickdb-writer"));
        ExecutorService readers = store.stats().index() == IndexKind.HASH_MAP ? null
                : Executors.newFixedThreadPool(4, daemon("patrickdb-reader"));
        return new StoreService(store, writer, readers);
    }

    @Override
    public CompletableFuture<Response> handle(Request request) {
        return handlers.handle(request);
    }

    /** One handler per operation of chapter 2; a later chapter adds its own with {@link HandlerTable#over}. */
    private HandlerTable handlers() {
        // BEGIN SOLUTION chapter2.part4
        return HandlerTable.empty()
                .on(Request.Ping.class, ping -> CompletableFuture.completedFuture(new Response.Pong()))
                .on(Request.Get.class, get -> read(() -> new Response.Get(store.getVersioned(get.key()))))
                .on(Request.Put.class, put -> write(s -> s.putAsync(put.key(), put.value(), put.ttl()).thenApply(Response.Put::new)))
                .on(Request.Delete.class, delete -> write(s -> s.deleteAsync(delete.key()).thenApply(Response.Delete::new)))
                .on(Request.CompareAndSet.class, cas -> write(s -> s.compareAndSetAsync(cas.key(), cas.expectedVersion(),
                        cas.value(), cas.ttl()).thenApply(Response.CompareAndSet::new)))
                .on(Request.MultiGet.class, multi -> read(() -> {
                    List<Optional<io.patrickdb.index.Versioned>> values = new ArrayList<>(multi.keys().size());
                    multi.keys().forEach(key -> values.add(store.getVersioned(key)));
                    return new Response.MultiGet(values);
                }))
                .on(Request.Stats.class, stats -> read(() -> new Response.Stats(counters(store.stats()))));
        // STUB: return HandlerTable.over(request -> { throw new UnsupportedOperationException("chapter2.part4: answer " + request + " from the store: reads in place, writes on the writer"); });
        // END SOLUTION
    }

    private CompletableFuture<Response> read(Supplier<Response> work) {
        if (readers == null) {
            try {
                return CompletableFuture.completedFuture(work.get());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(work, reads);
    }

    /**
     * Runs a write in place if the store can do it without waiting, and queues it for the writer
     * thread otherwise. Waking a sleeping thread costs more than the write itself, so writes are
     * handed over in batches: a write that arrives while a batch is already on its way joins it,
     * and the writer wakes once for all of them.
     */
    private CompletableFuture<Response> write(Function<KeyValueStore, CompletableFuture<Response>> work) {
        if (waitingForWriter.get() == 0) { // nothing queued that this write could overtake
            try {
                CompletableFuture<Response> done = inPlace == null ? null : inPlace.tryWithoutWaiting(work);
                if (done != null) {
                    return done;
                }
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e); // refused (an invalid key, a value too large)
            }
        }
        QueuedWrite write = new QueuedWrite(work, new CompletableFuture<>());
        waitingForWriter.incrementAndGet();
        queued.add(write);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException e) { // shut down: fail what is queued instead of losing it
                drainScheduled.set(false);
                for (QueuedWrite w; (w = queued.poll()) != null; ) {
                    waitingForWriter.decrementAndGet();
                    w.result.completeExceptionally(e);
                }
            }
        }
        return write.result;
    }

    /** On the writer thread: runs every queued write. */
    private void drain() {
        drainScheduled.set(false); // before polling: a write queued from now on schedules its own drain
        for (QueuedWrite w; (w = queued.poll()) != null; ) {
            w.run(store);
            waitingForWriter.decrementAndGet(); // after the write is in the store: a later one may now run in place
        }
    }

    /** A write waiting for the writer thread, and the future its response goes to. */
    private record QueuedWrite(Function<KeyValueStore, CompletableFuture<Response>> work, CompletableFuture<Response> result) {
        void run(KeyValueStore store) {
            try {
                work.apply(store).whenComplete((response, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(response);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    /**
     * Completes once every write handed to this service before the call is in the store (not
     * necessarily durable yet): the writer thread runs writes in order, so a no-op queued behind
     * them runs after them. Chapter 3 uses it before a leader becomes a follower, so that no write
     * of its own lands after its new leader's first record.
     */
    public CompletableFuture<Void> afterQueuedWrites() {
        return write(store -> CompletableFuture.completedFuture(null)).thenApply(nothing -> null);
    }

    /** The store's counters under the names the stats operation reports. */
    static Map<String, Long> counters(StoreStats s) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("keys", s.keys());
        c.put("live_bytes", s.liveBytes());
        c.put("disk_bytes", s.diskBytes());
        c.put("segments", (long) s.segments());
        c.put("last_sequence", s.lastSequence());
        c.put("writes", s.writes());
        c.put("fsyncs", s.fsyncs());
        c.put("compactions", s.compactions());
        return c;
    }

    /** Finishes the queued writes, then stops the threads. The store stays open: its owner closes it. */
    @Override
    public void close() {
        writer.shutdown();
        if (readers != null) {
            readers.shutdown();
        }
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return new io.netty.util.concurrent.DefaultThreadFactory(name, true);
    }
}
