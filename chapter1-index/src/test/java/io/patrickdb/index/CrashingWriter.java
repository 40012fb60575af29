package io.patrickdb.index;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashRecoveryTest}: opens a store with {@link Durability#ALWAYS} and
 * writes from several threads, announcing and acknowledging every write on standard output (see
 * {@link AcknowledgedWrites}), until the test kills it.
 *
 * <p>Arguments: data directory, index kind, writer threads, keys per thread, segment bytes, and
 * optionally {@code wait}: print {@code OPEN .} once the store is open, and start writing only
 * after a line arrives on standard input.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        IndexKind kind = IndexKind.valueOf(args[1]);
        int threads = Integer.parseInt(args[2]);
        int keysPerThread = Integer.parseInt(args[3]);
        long segmentBytes = Long.parseLong(args[4]);
        // println on this stream is one write(2) per line: a line is whole or absent after a kill.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        LogStructuredStore store = LogStructuredStore.open(StoreOptions.in(dir)
                .withIndex(kind)
                .withDurability(Durability.ALWAYS)
                .withSegmentBytes(segmentBytes));
        if (args.length > 5 && args[5].equals("wait")) {
            out.println("OPEN .");
            try {
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> AcknowledgedWrites.writeForever(store, thread, keysPerThread, out), "writer-" + t);
            writer.start();
        }
        // The writers never stop: only SIGKILL ends this process.
    }
}
