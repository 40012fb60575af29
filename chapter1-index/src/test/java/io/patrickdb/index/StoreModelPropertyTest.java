package io.patrickdb.index;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Model-based test of the whole store: random sequences of commands run against a real
 * {@link LogStructuredStore} and against a {@link Model} that is nothing but a {@link HashMap}
 * of key to (value, version, expiresAt). After every command the store's answer must be the
 * model's, and every write must get a version above all versions handed out before, across
 * reopens too (versions are compare-and-set tokens: one handed out twice lets a stale
 * compare-and-set succeed). At the end every key of the pool must have the model's value, before
 * and after the store is reopened, compacted and reopened again, and one more write must still
 * get a new version.
 *
 * <p>What makes it find bugs: a pool of only eight keys, so commands collide on keys; values
 * small, empty, and a quarter of them up to 2000 bytes; 4 KiB segments, so the log rolls every
 * few writes and compaction has sealed segments to work on; a clock the test moves, so TTLs
 * expire between commands (exactly at their expiry too); and reopening the store in the middle
 * of a sequence, so recovery (from segments and from hint files) is checked against the model.
 *
 * <p>Reproducible: inputs come from a fixed seed ({@link #SEED}), time from a {@link TestClock},
 * and the store runs with background compaction off: the {@link Compact} command compacts, on
 * the store's background thread, in order with the hint files that thread writes, while the
 * caller waits. QuickTheories shrinks a failing sequence (fewer commands, also from the middle;
 * simpler commands; the first key; shorter values) and reports the smallest it found, with
 * the seed. Other inputs: {@code -Dpatrickdb.model.seed=N} and
 * {@code -Dpatrickdb.model.examples=N} on the Maven command line.
 */
class StoreModelPropertyTest {

    /** Fixed, so that every run tries the same sequences; 200 examples take 2 to 5 seconds per index. */
    private static final long SEED = Long.getLong("patrickdb.model.seed", 0x5EED_2024_0001L);
    private static final int EXAMPLES = Integer.getInteger("patrickdb.model.examples", 200);

    /**
     * The key pool: short ASCII keys, a key of multi-byte UTF-8 and a key of the largest size
     * (250 bytes). The first key is what QuickTheories shrinks towards.
     */
    static final List<String> KEYS = List.of("a", "b", "c", "d", "e", "f", "\u00fc\u20ac", "k".repeat(Limits.MAX_KEY_BYTES));

    @Tag("chapter1.model")
    @ParameterizedTest(name = "{0}")
    @EnumSource(IndexKind.class)
    void storeBehavesLikeAHashMap(IndexKind kind) {
        qt().withFixedSeed(SEED)
                .withExamples(EXAMPLES)
                .withShrinkCycles(2_000)
                .forAll(commandSequences())
                .checkAssert(commands -> run(kind, commands));
    }

    // ---- commands -----------------------------------------------------------------------------

    /** One step of a sequence: an immutable value that prints as it reads. */
    sealed interface Command permits Get, Put, PutWithTtl, Delete, Cas, AdvanceClock, Compact, Reopen {
    }

    /** A value: {@code size} bytes counting up from {@code first}, printed as {@code 12B@a7}. */
    record Value(int size, int first) {
        byte[] bytes() {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (first + i);
            }
            return b;
        }

        @Override
        public String toString() {
            return size + "B@" + Integer.toHexString(first);
        }
    }

    /** Which version a compare-and-set expects. */
    enum VersionChoice {
        /** The key's version as the model knows it (0 if the key has no value): must apply. */
        CURRENT,
        /** 0, "only if absent": applies only if the key has no value. */
        ZERO,
        /** A version that is not the key's: an older version of the key if it had one. Never applies. */
        WRONG
    }

    record Get(String key) implements Command {
        @Override
        public String toString() {
            return "Get(" + label(key) + ")";
        }
    }

    record Put(String key, Value value) implements Command {
        @Override
        public String toString() {
            return "Put(" + label(key) + ", " + value + ")";
        }
    }

    record PutWithTtl(String key, Value value, long ttlMillis) implements Command {
        @Override
        public String toString() {
            return "PutWithTtl(" + label(key) + ", " + value + ", " + ttlMillis + "ms)";
        }
    }

    record Delete(String key) implements Command {
        @Override
        public String toString() {
            return "Delete(" + label(key) + ")";
        }
    }

    record Cas(String key, VersionChoice expected, Value value) implements Command {
        @Override
        public String toString() {
            return "Cas(" + label(key) + ", " + expected + ", " + value + ")";
        }
    }

    record AdvanceClock(long millis) implements Command {
        @Override
        public String toString() {
            return "AdvanceClock(" + millis + "ms)";
        }
    }

    record Compact() implements Command {
        @Override
        public String toString() {
            return "Compact";
        }
    }

    record Reopen() implements Command {
        @Override
        public String toString() {
            return "Reopen";
        }
    }

    static String label(String key) {
        return key.length() > 12 ? key.charAt(0) + "*" + key.length() : key;
    }

    // ---- generators ---------------------------------------------------------------------------

    /**
     * Sequences of up to 80 commands. Each place in the list may also hold no command (10%): when
     * QuickTheories shrinks, a place shrinks to holding none, which drops a command from the
     * middle of a sequence, not only from its end, so a reported sequence is short.
     */
    static Gen<List<Command>> commandSequences() {
        return lists().of(commands().toOptionals(10)).ofSizeBetween(1, 80)
                .map(places -> places.stream().flatMap(Optional::stream).toList());
    }

    /** Commands, weighted. QuickTheories shrinks a choice towards the first one, a {@code Get}. */
    @SuppressWarnings("unchecked")
    static Gen<Command> commands() {
        Gen<String> keys = Generate.pick(KEYS);
        Gen<Command> get = keys.map(Get::new);
        Gen<Command> put = keys.zip(values(), Put::new);
        Gen<Command> putWithTtl = keys.zip(values(), Generate.longRange(1, 100), PutWithTtl::new);
        Gen<Command> delete = keys.map(Delete::new);
        Gen<Command> cas = keys.zip(Generate.enumValues(VersionChoice.class), values(), Cas::new);
        Gen<Command> advance = Generate.longRange(1, 60).map(AdvanceClock::new);
        Gen<Command> compact = Generate.constant(new Compact());
        Gen<Command> reopen = Generate.constant(new Reopen());
        return Generate.frequency(
                Pair.of(15, get),
                Pair.of(25, put),
                Pair.of(10, putWithTtl),
                Pair.of(10, delete),
                Pair.of(15, cas),
                Pair.of(10, advance),
                Pair.of(7, compact),
                Pair.of(7, reopen));
    }

    /** Mostly small values, some empty, and a quarter of up to 2000 bytes, so 4 KiB segments fill. */
    @SuppressWarnings("unchecked")
    static Gen<Value> values() {
        Gen<Integer> sizes = Generate.frequency(
                Pair.of(10, Generate.constant(0)),
                Pair.of(40, Generate.range(1, 16)),
                Pair.of(25, Generate.range(17, 200)),
                Pair.of(25, Generate.range(300, 2000)));
        return sizes.zip(Generate.range(0, 255), Value::new);
    }

    // ---- the model ----------------------------------------------------------------------------

    /** What a key holds in the model. */
    record Entry(byte[] value, long version, long expiresAt) {
        boolean liveAt(long now) {
            return expiresAt == 0 || expiresAt > now;
        }
    }

    /** The store as it should behave: a hash map, a clock and the versions handed out so far. */
    static final class Model {
        /** When the run started: expiry times print relative to it. */
        final long start;
        final Map<String, Entry> map = new HashMap<>();
        /** Every version a key ever had, oldest first: WRONG picks from here. */
        final Map<String, List<Long>> history = new HashMap<>();
        /** The highest version handed out so far, as far as the model can tell (see delete). */
        long highestVersion;

        Model(long start) {
            this.start = start;
        }

        Entry live(String key, long now) {
            Entry e = map.get(key);
            return e != null && e.liveAt(now) ? e : null;
        }

        long versionOf(String key, long now) {
            Entry e = live(key, now);
            return e == null ? 0 : e.version();
        }

        void wrote(String key, Entry e) {
            map.put(key, e);
            history.computeIfAbsent(key, k -> new ArrayList<>()).add(e.version());
            highestVersion = e.version();
        }

        /** A version that is not the key's current one (and not 0): the newest older one if any. */
        long wrongVersion(String key, long now) {
            long current = versionOf(key, now);
            List<Long> seen = history.getOrDefault(key, List.of());
            for (int i = seen.size() - 1; i >= 0; i--) {
                if (seen.get(i) != current) {
                    return seen.get(i);
                }
            }
            return current != 0 ? current + 1 : highestVersion + 1;
        }
    }

    // ---- running a sequence -------------------------------------------------------------------

    /**
     * What every run ends with, after checking every key: the sequence's last segment sealed
     * (reopen), compacted, and recovered (reopen); then every key again, and one more write.
     */
    static final List<Command> FINALLY = List.of(new Reopen(), new Compact(), new Reopen());

    static void run(IndexKind kind, List<Command> commands) {
        Path dir = newTempDirectory();
        TestClock clock = new TestClock();
        StoreOptions options = StoreOptions.in(dir)
                .withIndex(kind)
                .withClock(clock)
                .withSegmentBytes(4096)
                .withDurability(Durability.NEVER)        // close() makes everything durable anyway
                .withCompactionThreshold(1.0);          // off: only the Compact command compacts
        Model model = new Model(clock.millis());
        LogStructuredStore[] store = {null};
        int step = -1;
        Command finalStep = null;
        boolean passed = false;
        try {
            store[0] = LogStructuredStore.open(options);
            for (step = 0; step < commands.size(); step++) {
                apply(commands.get(step), store, options, clock, model);
            }
            step = commands.size();
            checkAllKeys(store[0], clock, model, "at the end");
            for (Command c : FINALLY) {
                finalStep = c;
                apply(c, store, options, clock, model);
            }
            finalStep = null;
            checkAllKeys(store[0], clock, model, "after " + FINALLY);
            finalStep = new Put(KEYS.get(0), new Value(1, 0)); // must still get a new version
            apply(finalStep, store, options, clock, model);
            passed = true;
        } catch (Throwable t) {
            String where = step < commands.size()
                    ? "step " + step + " " + commands.get(step)
                    : "final check" + (finalStep == null ? "" : " " + finalStep);
            String what = t instanceof AssertionError ? t.getMessage() : t.toString();
            throw new AssertionError(kind + ", " + where + ": " + what, t);
        } finally {
            try {
                if (store[0] != null) {
                    store[0].close();
                }
            } catch (RuntimeException e) {
                if (passed) {
                    throw e;
                } // else: a store that failed a check may fail to close too; the check's report counts
            } finally {
                deleteRecursively(dir);
            }
        }
    }

    private static void apply(Command command, LogStructuredStore[] store, StoreOptions options,
                              TestClock clock, Model model) {
        KeyValueStore s = store[0];
        long now = clock.millis();
        if (command instanceof Get c) {
            checkKey(s, c.key(), now, model);
        } else if (command instanceof Put c) {
            long version = s.put(c.key(), c.value().bytes());
            checkNewVersion(version, model);
            model.wrote(c.key(), new Entry(c.value().bytes(), version, 0));
        } else if (command instanceof PutWithTtl c) {
            long version = s.put(c.key(), c.value().bytes(), Duration.ofMillis(c.ttlMillis()));
            checkNewVersion(version, model);
            model.wrote(c.key(), new Entry(c.value().bytes(), version, now + c.ttlMillis()));
        } else if (command instanceof Delete c) {
            boolean expected = model.live(c.key(), now) != null;
            boolean deleted = s.delete(c.key());
            expect(deleted == expected, "delete returned " + deleted + ", model says " + expected);
            model.map.remove(c.key());
            if (expected) {
                model.highestVersion++; // the tombstone took a version: later writes must be above it
            }
        } else if (command instanceof Cas c) {
            long current = model.versionOf(c.key(), now);
            long expectedVersion = switch (c.expected()) {
                case CURRENT -> current;
                case ZERO -> 0;
                case WRONG -> model.wrongVersion(c.key(), now);
            };
            CasResult result = s.compareAndSet(c.key(), expectedVersion, c.value().bytes(), null);
            boolean shouldApply = expectedVersion == current;
            expect(result.applied() == shouldApply, "cas(expected version " + expectedVersion + ") returned "
                    + result + ", model's version is " + current + " so applied should be " + shouldApply);
            if (shouldApply) {
                checkNewVersion(result.version(), model);
                model.wrote(c.key(), new Entry(c.value().bytes(), result.version(), 0));
            } else {
                expect(result.version() == current, "failed cas returned version " + result.version()
                        + ", the key's version is " + current);
            }
        } else if (command instanceof AdvanceClock c) {
            clock.advance(Duration.ofMillis(c.millis()));
        } else if (command instanceof Compact) {
            s.compact();
        } else if (command instanceof Reopen) {
            s.close();
            store[0] = null;
            store[0] = LogStructuredStore.open(options);
            long last = store[0].stats().lastSequence();
            expect(last >= model.highestVersion, "reopened store's last sequence is " + last
                    + ", but versions up to " + model.highestVersion + " were already handed out");
        }
    }

    /** A write's version must be new: larger than every version handed out before, across reopens. */
    private static void checkNewVersion(long version, Model model) {
        expect(version > model.highestVersion, "write got version " + version
                + ", but versions up to " + model.highestVersion + " were already handed out");
    }

    private static void checkKey(KeyValueStore s, String key, long now, Model model) {
        Entry e = model.live(key, now);
        Optional<Versioned> got = s.getVersioned(key);
        if (e == null) {
            expect(got.isEmpty(), "get(" + label(key) + ") returned " + got.map(v -> show(v, model)).orElse("")
                    + ", model says absent");
        } else {
            Versioned want = new Versioned(e.value(), e.version(), e.expiresAt());
            expect(got.isPresent() && got.get().equals(want), "get(" + label(key) + ") returned "
                    + got.map(v -> show(v, model)).orElse("nothing") + ", model says " + show(want, model));
        }
        Optional<byte[]> plain = s.get(key);
        expect(plain.isPresent() == (e != null) && (e == null || Arrays.equals(plain.get(), e.value())),
                "get(" + label(key) + ") disagrees with getVersioned");
    }

    private static void checkAllKeys(KeyValueStore s, TestClock clock, Model model, String when) {
        for (String key : KEYS) {
            try {
                checkKey(s, key, clock.millis(), model);
            } catch (AssertionError e) {
                throw new AssertionError(when + ": " + e.getMessage(), e);
            }
        }
    }

    private static String show(Versioned v, Model model) {
        return "(" + v.value().length + " bytes" + (v.value().length > 0 ? "@" + Integer.toHexString(v.value()[0] & 0xff) : "")
                + ", version " + v.version() + (v.expiresAt() == 0 ? "" : ", expiresAt +" + (v.expiresAt() - model.start) + "ms") + ")";
    }

    private static void expect(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /**
     * A new directory for one run, in memory ({@code /dev/shm}) where there is one: a run reopens
     * and compacts the store often, each time with several fsyncs, which on a disk cost more time
     * than the rest of the test, and this test is about what the store answers, not about what
     * survives a power cut. Elsewhere, or with {@code -Dpatrickdb.model.tmpdir=DIR}, it is there.
     */
    static Path newTempDirectory() {
        try {
            String chosen = System.getProperty("patrickdb.model.tmpdir");
            Path shm = Path.of("/dev/shm");
            if (chosen != null) {
                return Files.createTempDirectory(Path.of(chosen), "patrickdb-model-");
            } else if (Files.isDirectory(shm) && Files.isWritable(shm)) {
                return Files.createTempDirectory(shm, "patrickdb-model-");
            }
            return Files.createTempDirectory("patrickdb-model-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
