package io.patrickdb.index;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link CompactionCrashTest}. It opens a store with {@link Durability#ALWAYS}
 * and small segments, writes keys it never touches again (some deleted, some overwritten), then
 * writes (puts, overwrites, deletes) from several threads; it announces and acknowledges each
 * write on standard output (see {@link AcknowledgedWrites}). Once every thread has made its first
 * writes, it compacts while the threads keep writing. When compaction reaches
 * the step named on the command line, the step hook prints {@code STEP <name> .} and stops that
 * compaction there for good; the writers go on until the test kills the process.
 *
 * <p>It lives in {@code io.patrickdb.index} because the step hook is package-private.
 *
 * <p>Arguments: data directory, index kind, compaction step.
 */
public final class CompactionCrasher {
    static final int THREADS = 4;
    static final int KEYS_PER_THREAD = 25;
    static final int WRITES_BEFORE_COMPACTION = 150;
    static final long SEGMENT_BYTES = 8 * 1024;
    static final int STATIC_KEYS = 80;

    private CompactionCrasher() {
    }

    static StoreOptions options(Path dir, IndexKind kind) {
        return StoreOptions.in(dir)
                .withIndex(kind)
                .withDurability(Durability.ALWAYS)
                .withSegmentBytes(SEGMENT_BYTES)
                .withCompactionThreshold(1.0); // only the compaction this program starts
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        IndexKind kind = IndexKind.valueOf(args[1]);
        CompactionStep target = CompactionStep.valueOf(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        LogStructuredStore store = LogStructuredStore.open(options(dir, kind));
        store.onCompactionStep(step -> {
            if (step == target) {
                out.println("STEP " + step + " .");
                blockForever();
            }
        });
        writeKeysNobodyTouchesAgain(store, out);
        CountDownLatch loaded = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> AcknowledgedWrites.writeForever(store, thread, KEYS_PER_THREAD, out,
                    WRITES_BEFORE_COMPACTION, loaded::countDown), "writer-" + t).start();
        }
        loaded.await();
        out.println("COMPACTING .");
        try {
            store.compact(); // does not return: the hook stops the compaction at the target step
        } catch (RuntimeException e) {
            // Exit at once (the writers would keep this JVM alive), so the test fails now, naming the error.
            System.err.println("compaction failed: " + e);
            System.exit(1);
        }
        out.println("COMPACTED WITHOUT STOPPING .");
    }

    /**
     * Keys written first and never again, so their records sit in the oldest segments: compaction
     * must copy the live ones, and drop the deleted ones with their tombstones.
     */
    private static void writeKeysNobodyTouchesAgain(LogStructuredStore store, PrintStream out) {
        int thread = THREADS; // a writer id of its own
        for (int i = 0; i < STATIC_KEYS; i++) {
            AcknowledgedWrites.put(store, thread, "s-k" + i, AcknowledgedWrites.valueFor(thread, i, 100 + i), out);
        }
        for (int i = 0; i < STATIC_KEYS; i += 3) {
            AcknowledgedWrites.delete(store, thread, "s-k" + i, out);
        }
        for (int i = 1; i < STATIC_KEYS; i += 5) {
            AcknowledgedWrites.put(store, thread, "s-k" + i, AcknowledgedWrites.valueFor(thread, STATIC_KEYS + i, 50), out);
        }
    }

    private static void blockForever() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // keep waiting: only SIGKILL ends this
            }
        }
    }
}
