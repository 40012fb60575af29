package io.patrickdb.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that makes writes durable, and the place where {@link Durability} is enforced.
 *
 * <p>With {@link Durability#ALWAYS} a write's future completes only after an fsync that covers it.
 * An fsync costs about as much whether it covers one record or a hundred, so this thread does not
 * fsync per write: it fsyncs once for everything appended so far and then completes every writer
 * that fsync covered. While it waits on the disk, more writers queue up for the next round. That
 * is <em>group commit</em>: with many concurrent writers, each fsync is shared by many writes.
 *
 * <p>A write's ticket is the log's total appended bytes just after it; an fsync at a
 * {@link SegmentedLog.SyncPoint} covers every ticket up to the point's count.
 *
 * <p>With the other policies writes complete at once, and this thread flushes the append buffer
 * to the operating system every 100 ms and, for {@link Durability#EVERY_SECOND}, fsyncs every second.
 */
final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final long FLUSH_INTERVAL_MS = 100;
    private static final long FSYNC_INTERVAL_MS = 1000;

    private record Waiter(long ticket, long sequence, CompletableFuture<Long> done) {
    }

    private final SegmentedLog log;
    private final Durability policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Waiter> waiters = new ArrayList<>();   // guarded by lock
    private final AtomicLong fsyncs = new AtomicLong();
    private final Thread thread;
    private final java.util.function.Consumer<IOException> onFailure;
    private volatile boolean stopping;
    private volatile IOException failure;

    GroupCommit(SegmentedLog log, Durability policy, java.util.function.Consumer<IOException> onFailure) {
        this.log = log;
        this.policy = policy;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "patrickdb-group-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * A future that completes with {@code sequence} once the write with {@code ticket} has met the
     * durability policy.
     */
    CompletableFuture<Long> durable(long ticket, long sequence) {
        if (policy != Durability.ALWAYS) {
            return CompletableFuture.completedFuture(sequence);
        }
        // BEGIN SOLUTION chapter1.part4
        Waiter w = new Waiter(ticket, sequence, new CompletableFuture<>());
        lock.lock();
        try {
            if (failure != null) {
                return CompletableFuture.failedFuture(new StoreException("cannot make the log durable: " + failure.getMessage(), failure));
            }
            waiters.add(w);
            work.signal();
        } finally {
            lock.unlock();
        }
        return w.done;
        // STUB: throw new UnsupportedOperationException("chapter1.part4: queue the write for the next shared fsync");
        // END SOLUTION
    }

    long fsyncs() {
        return fsyncs.get();
    }

    private void run() {
        long lastFsync = System.nanoTime();
        while (!stopping) {
            try {
                if (policy == Durability.ALWAYS) {
                    syncRound();
                } else {
                    waitFor(FLUSH_INTERVAL_MS);
                    SegmentedLog.SyncPoint point = log.flush();
                    if (policy == Durability.EVERY_SECOND
                            && System.nanoTime() - lastFsync >= TimeUnit.MILLISECONDS.toNanos(FSYNC_INTERVAL_MS)) {
                        point.segment().force();
                        fsyncs.incrementAndGet();
                        lastFsync = System.nanoTime();
                    }
                }
            } catch (IOException e) {
                fail(e);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A bug here (or an unfinished exercise) must fail the waiting writers, not hang them.
                fail(new IOException("the group-commit thread failed: " + e.getMessage(), e));
                return;
            }
        }
    }

    /** One group-commit round: wait for writers, fsync once for all of them, release them. */
    private void syncRound() throws IOException, InterruptedException {
        // BEGIN SOLUTION chapter1.part4
        lock.lock();
        try {
            while (waiters.isEmpty() && !stopping) {
                work.await();
            }
        } finally {
            lock.unlock();
        }
        SegmentedLog.SyncPoint point = log.flush();
        point.segment().force();
        fsyncs.incrementAndGet();
        List<Waiter> covered = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.ticket <= point.appendedBytes()) {
                    covered.add(w);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        // Complete outside the lock: a writer's continuation must not run while we hold it.
        for (Waiter w : covered) {
            w.done.complete(w.sequence);
        }
        // STUB: throw new UnsupportedOperationException("chapter1.part4: fsync once, then complete every covered waiter");
        // END SOLUTION
    }

    private void waitFor(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (!stopping) {
                work.await(millis, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException e) {
        LOG.error("fsync of the log failed; the store refuses writes until reopened", e);
        List<Waiter> failed;
        lock.lock();
        try {
            failure = e;
            failed = new ArrayList<>(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        onFailure.accept(e);
        for (Waiter w : failed) {
            w.done.completeExceptionally(new StoreException("cannot make the log durable: " + e.getMessage(), e));
        }
    }

    /** Stops the thread. The caller then fsyncs the log and calls {@link #releaseAll()}. */
    void stop() throws InterruptedException {
        lock.lock();
        try {
            stopping = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        thread.join();
    }

    /**
     * Completes every write still waiting: with success if {@code error} is null (the caller has
     * just fsync'd the whole log), otherwise with that error.
     */
    void releaseAll(Throwable error) {
        List<Waiter> rest;
        lock.lock();
        try {
            rest = new ArrayList<>(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        for (Waiter w : rest) {
            if (error == null) {
                w.done.complete(w.sequence);
            } else {
                w.done.completeExceptionally(error);
            }
        }
    }
}
