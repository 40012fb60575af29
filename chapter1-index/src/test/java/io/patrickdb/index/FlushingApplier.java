package io.patrickdb.index;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link FlushCrashTest}: opens a store with {@link Durability#NEVER}, applies
 * {@code COUNT} replicated records, hands them to the operating system with the method named by
 * {@code HOW} ({@code flush} or {@code force}), says so on standard output, and waits for SIGKILL.
 * Arguments: {@code DATA-DIR COUNT HOW}.
 */
public final class FlushingApplier {
    private FlushingApplier() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        LogStructuredStore store = LogStructuredStore.open(StoreOptions.in(dir).withDurability(Durability.NEVER));
        for (int i = 1; i <= count; i++) {
            store.applyReplicated(LogRecord.put(i, 0, "key" + i, ("value" + i).getBytes(StandardCharsets.UTF_8))).join();
        }
        if (args[2].equals("force")) {
            store.forceToDisk();
        } else {
            store.flushToOperatingSystem();
        }
        out.println("applied " + count);
        Thread.currentThread().join(); // until SIGKILL
    }
}
