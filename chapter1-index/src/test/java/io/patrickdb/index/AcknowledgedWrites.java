package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The line protocol between a crash test's child JVM and the test, and the test's model of what
 * the child's store must hold after the crash.
 *
 * <p>Each writer thread owns its keys (no two threads write one key), and does one write at a
 * time. Before a write it prints its intent, after the write returns it prints the acknowledgement:
 * <pre>
 *   W &lt;thread&gt; &lt;key&gt; &lt;value or -&gt; .     about to put the value (or delete, "-")
 *   A &lt;thread&gt; .                        that write returned: it is acknowledged
 * </pre>
 * A write whose acknowledgement was printed must survive any crash. The one write a thread may
 * have had in flight when the child died (intent printed, no acknowledgement) may or may not have
 * happened. So after the crash each key must hold either the result of its last acknowledged
 * write or, if the thread's in-flight write is on that key, that write's result; nothing else.
 * Lines must end with " ." to count, so a line cut short by the kill is never misread.
 */
final class AcknowledgedWrites {

    private static final String DELETE = "-";

    /** One write: a put of {@code value}, or a delete if it is null. */
    private record Write(String key, String value) {
    }

    private final Map<String, Optional<String>> acknowledged = new HashMap<>();
    private final Map<Integer, Write> pending = new HashMap<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private volatile int acks;
    private int deletes;

    // ---- the child's side ------------------------------------------------------------------

    /**
     * A writer thread's loop in the child: puts (about 70%) and deletes on the thread's own keys,
     * each announced before and acknowledged after, until the process dies.
     */
    static void writeForever(KeyValueStore store, int thread, int keysPerThread, PrintStream out) {
        writeForever(store, thread, keysPerThread, out, -1, () -> { });
    }

    /** {@link #writeForever}, calling {@code milestone} once, after the first {@code milestoneWrites} writes. */
    static void writeForever(KeyValueStore store, int thread, int keysPerThread, PrintStream out,
                             long milestoneWrites, Runnable milestone) {
        Random random = new Random(thread);
        for (long n = 0; ; n++) {
            if (n == milestoneWrites) {
                milestone.run();
            }
            String key = "t" + thread + "-k" + random.nextInt(keysPerThread);
            if (random.nextInt(10) < 7) {
                put(store, thread, key, valueFor(thread, n, 40 + random.nextInt(300)), out);
            } else {
                delete(store, thread, key, out);
            }
        }
    }

    /** Puts {@code value} (printable, no spaces) under {@code key}, announced and acknowledged. */
    static void put(KeyValueStore store, int thread, String key, String value, PrintStream out) {
        out.println("W " + thread + " " + key + " " + value + " .");
        store.put(key, value.getBytes(StandardCharsets.UTF_8));
        out.println("A " + thread + " .");
    }

    /** Deletes {@code key}, announced and acknowledged. */
    static void delete(KeyValueStore store, int thread, String key, PrintStream out) {
        out.println("W " + thread + " " + key + " " + DELETE + " .");
        store.delete(key);
        out.println("A " + thread + " .");
    }

    /** A unique, printable value: which thread, which write, padded to {@code length}. */
    static String valueFor(int thread, long n, int length) {
        StringBuilder sb = new StringBuilder("v").append(thread).append('-').append(n).append('-');
        while (sb.length() < length) {
            sb.append((char) ('a' + (sb.length() * 7 + n) % 26));
        }
        return sb.toString();
    }

    // ---- the test's side -------------------------------------------------------------------

    /** Takes one line of the child's output (called in output order); ignores other lines. */
    synchronized void accept(String line) {
        String[] f = line.split(" ");
        if (f.length == 5 && f[0].equals("W") && f[4].equals(".")) {
            int thread = Integer.parseInt(f[1]);
            Write previous = pending.put(thread, new Write(f[2], f[3].equals(DELETE) ? null : f[3]));
            if (previous != null) {
                throw new IllegalStateException("thread " + thread + " announced a write before its last one returned: " + line);
            }
            keys.add(f[2]);
        } else if (f.length == 3 && f[0].equals("A") && f[2].equals(".")) {
            int thread = Integer.parseInt(f[1]);
            Write w = pending.remove(thread);
            if (w == null) {
                throw new IllegalStateException("acknowledgement without a write: " + line);
            }
            acknowledged.put(w.key, Optional.ofNullable(w.value));
            if (w.value == null) {
                deletes++;
            }
            acks++;
        }
    }

    /** Acknowledged writes seen so far. */
    int acks() {
        return acks;
    }

    synchronized int acknowledgedDeletes() {
        return deletes;
    }

    /**
     * Asserts that {@code store} holds, for every key the child wrote, its last acknowledged
     * value (or no value, if that was a delete), or the outcome of the write in flight on it.
     */
    synchronized void assertSurvivedIn(KeyValueStore store) {
        List<String> wrong = new ArrayList<>();
        for (String key : keys) {
            Set<Optional<String>> allowed = new LinkedHashSet<>();
            allowed.add(acknowledged.getOrDefault(key, Optional.empty()));
            for (Write w : pending.values()) {
                if (w.key.equals(key)) {
                    allowed.add(Optional.ofNullable(w.value));
                }
            }
            Optional<String> actual = store.get(key).map(v -> new String(v, StandardCharsets.UTF_8));
            if (!allowed.contains(actual)) {
                wrong.add(key + ": store has " + brief(actual) + ", expected one of " + allowed.stream().map(AcknowledgedWrites::brief).toList());
            }
        }
        assertThat(wrong).as("keys whose acknowledged writes did not survive (of %d keys, %d acknowledged writes)", keys.size(), acks)
                .isEmpty();
    }

    private static String brief(Optional<String> value) {
        return value.map(v -> v.length() > 24 ? v.substring(0, 24) + "..." : v).orElse("(no value)");
    }
}
