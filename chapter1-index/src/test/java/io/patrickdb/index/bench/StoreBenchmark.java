package io.patrickdb.index.bench;

import io.patrickdb.index.Durability;
import io.patrickdb.index.IndexKind;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.RecoveryReport;
import io.patrickdb.index.StoreOptions;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The chapter 1 benchmark: Patrick-DB's two index structures beside RocksDB (and, for memory,
 * memcached), doing the same work: 16-byte keys, 100-byte random values, N keys (1,000,000 by
 * default). It is a program, not a unit test. Run {@code scripts/bench-chapter1 [keys]}, which
 * builds the module and runs this class with plain {@code java -cp <test class path>} (the memory
 * row starts child JVMs with the same class path, so run it that way, not through Maven's
 * {@code exec:java}). It prints the machine it ran on and one Markdown table.
 *
 * <p>What each row measures, and why it is in the chapter:
 * <ul>
 *   <li><b>put, no fsync</b>: one thread writes every key once, in a random order. This is the
 *       CPU cost of the write path (encode the record, append it, update the index). Patrick-DB
 *       runs with {@link Durability#NEVER}: records wait in a user-space buffer that is handed to
 *       the operating system every 100 ms. RocksDB's peer with <em>equal durability</em> is
 *       {@code manual_wal_flush=true} plus a thread calling {@code flushWal} every 100 ms: its WAL
 *       then buffers in user space too. RocksDB's default, which hands the WAL to the operating
 *       system on every put (still no fsync, but it survives a process crash), is shown beside it.</li>
 *   <li><b>get</b>: one thread reads N random loaded keys. The hash map answers from memory, the
 *       key directory with one positioned read of the log (from the page cache: the data was just
 *       written), RocksDB from its block cache (256 MiB: all the data fits) and files, after its
 *       memtable was flushed and its compactions had finished. RocksDB is shown with its default
 *       table options and again with a bloom filter of 10 bits per key, which is not a default but
 *       what most deployments add: without it, a get searches every overlapping level-0 file.</li>
 *   <li><b>put with fsync per write, 1 and 64 writers</b>: {@link Durability#ALWAYS} against
 *       RocksDB with {@code sync=true}, for a fixed time. One writer pays a whole fsync per put.
 *       With 64 writers, group commit lets one fsync cover every write that arrived while the
 *       previous fsync ran, so throughput should grow almost with the number of writers. The gain
 *       (64 writers / 1 writer) is taken within each run, because a shared disk's fsync latency
 *       drifts from minute to minute. Every store starts after a {@code sync}, so that write-back
 *       of the previous store's files does not share the disk with its fsyncs.</li>
 *   <li><b>reopen</b>: opening a store of N keys after a clean close. The key directory reads its
 *       hint files (a few bytes per key) or, without them, the whole log; the hash map always
 *       replays the whole log, values included; RocksDB opens its files. The page cache is warm.</li>
 *   <li><b>disk after overwrites and compaction</b>: every key written once and overwritten 10
 *       times, then compacted; every file in the directory against the live data, N * (16 + 100)
 *       bytes. This is space amplification: record headers, hint files, what compaction leaves.</li>
 *   <li><b>memory per key</b>: Java heap in use (after repeated full GCs) with N keys loaded, minus
 *       the same before loading, divided by N; each index kind in a fresh JVM, so nothing else is
 *       on its heap. For scale, memcached's resident memory per item for the same items.</li>
 * </ul>
 *
 * <p>Throughput rows and reopen times are the median of 3 runs (the machine may be noisy); each
 * run's values are printed under the table. Disk and memory are measured once. Settings: the first argument or {@code -Dbench.keys}
 * (N), {@code -Dbench.runs} (3), {@code -Dbench.seconds} (3, per fsync measurement) and
 * {@code -Dbench.dir} (where the temporary data directories go; default {@code java.io.tmpdir}).
 */
public final class StoreBenchmark {

    private static final int VALUE_BYTES = 100;
    private static final byte[] KEY_TEMPLATE = "key-000000000000".getBytes(StandardCharsets.US_ASCII);
    private static final int LIVE_BYTES_PER_KEY = KEY_TEMPLATE.length + VALUE_BYTES;
    private static final byte[][] VALUES = randomValues(4096);
    private static final int OVERWRITES = 10;
    private static final int MANY_WRITERS = 64;
    private static final long ROCKSDB_BLOCK_CACHE_BYTES = 256L << 20;
    private static final String CHILD_JVM_HEAP = "-Xmx4g";
    private static final String HEAP_CHILD = "--heap-per-key";

    /** What the table's rows measure. */
    private enum Row {
        PUT, GET, FSYNC_ONE_WRITER, FSYNC_MANY_WRITERS, GROUP_COMMIT_GAIN, REOPEN_HINTS, REOPEN_LOG, DISK, HINT_FILES, MEMORY
    }

    /** What the table's columns measure (RocksDB's variants share RocksDB's column). */
    private enum Engine {
        HASH_MAP, KEY_DIRECTORY, ROCKSDB, ROCKSDB_WAL_PER_PUT, ROCKSDB_BLOOM_FILTER, MEMCACHED;

        static Engine of(IndexKind index) {
            return index == IndexKind.HASH_MAP ? HASH_MAP : KEY_DIRECTORY;
        }
    }

    private record Cell(Row row, Engine engine) {
    }

    private final int keys;
    private final int runs;
    private final long fsyncNanos;
    private final Path workDir;
    private final Map<Cell, List<Double>> samples = new LinkedHashMap<>();

    private StoreBenchmark(int keys, int runs, int fsyncSeconds, Path workDir) {
        this.keys = keys;
        this.runs = runs;
        this.fsyncNanos = TimeUnit.SECONDS.toNanos(fsyncSeconds);
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // no "opened ..." per store
        }
        if (args.length > 0 && args[0].equals(HEAP_CHILD)) {
            printHeapPerKey(IndexKind.valueOf(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            return;
        }
        RocksDB.loadLibrary();
        int keys = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : Integer.getInteger("bench.keys", 1_000_000);
        Path parent = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        Path workDir = Files.createTempDirectory(parent, "patrickdb-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(workDir)));
        new StoreBenchmark(keys, Integer.getInteger("bench.runs", 3), Integer.getInteger("bench.seconds", 3), workDir).run();
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        printMachine();
        for (int run = 1; run <= runs; run++) {
            progress("run %d of %d: put, get, reopen", run, runs);
            measurePatrick(IndexKind.HASH_MAP);
            measurePatrick(IndexKind.KEY_DIRECTORY);
            measureRocks();
            progress("run %d of %d: put with fsync per write, 1 and %d writers", run, runs, MANY_WRITERS);
            measureFsync();
        }
        progress("disk after %d overwrites and compaction", OVERWRITES);
        measureDisk();
        progress("memory per key (child JVMs, memcached)");
        measureMemory();
        deleteRecursively(workDir);
        printTable();
        printRuns();
        System.out.printf("%nBenchmark took %.0f s.%n", (System.nanoTime() - start) / 1e9);
    }

    // ---- the stores under test -----------------------------------------------------------------

    /** What the measurements do to a store, whichever store it is. Keys go by number. */
    private interface Store extends AutoCloseable {
        void put(int key, byte[] value);

        boolean contains(int key);

        @Override
        void close();
    }

    private record Patrick(LogStructuredStore store) implements Store {
        static Patrick open(Path dir, IndexKind index, Durability durability) {
            return new Patrick(LogStructuredStore.open(StoreOptions.in(dir).withIndex(index).withDurability(durability)));
        }

        @Override
        public void put(int key, byte[] value) {
            store.put(key(key), value);
        }

        @Override
        public boolean contains(int key) {
            return store.get(key(key)).isPresent();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** How RocksDB treats its write-ahead log. */
    private enum Wal { FSYNC_PER_PUT, WRITE_PER_PUT, FLUSH_EVERY_100_MS }

    /**
     * RocksDB with default options, a 256 MiB block cache, one of the {@link Wal} choices and, if
     * asked, a bloom filter of 10 bits per key (not a default, but what most deployments add).
     */
    private static final class Rocks implements Store {
        private final LRUCache cache = new LRUCache(ROCKSDB_BLOCK_CACHE_BYTES);
        private final BloomFilter bloomFilter;
        private final Options options;
        private final WriteOptions writeOptions;
        private final RocksDB db;
        private final ScheduledExecutorService walFlusher;

        Rocks(Path dir, Wal wal) {
            this(dir, wal, false);
        }

        Rocks(Path dir, Wal wal, boolean bloomFilter) {
            this.bloomFilter = bloomFilter ? new BloomFilter(10) : null;
            BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
            if (bloomFilter) {
                table.setFilterPolicy(this.bloomFilter);
            }
            options = new Options().setCreateIfMissing(true)
                    .setManualWalFlush(wal == Wal.FLUSH_EVERY_100_MS)
                    .setTableFormatConfig(table);
            writeOptions = new WriteOptions().setSync(wal == Wal.FSYNC_PER_PUT);
            try {
                db = RocksDB.open(options, dir.toString());
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
            walFlusher = wal == Wal.FLUSH_EVERY_100_MS ? startWalFlusher() : null;
        }

        /** Hands the WAL buffer to the operating system every 100 ms, as Patrick-DB does with its log. */
        private ScheduledExecutorService startWalFlusher() {
            ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
            flusher.scheduleAtFixedRate(() -> rocks(() -> db.flushWal(false)), 100, 100, TimeUnit.MILLISECONDS);
            return flusher;
        }

        @Override
        public void put(int key, byte[] value) {
            rocks(() -> db.put(writeOptions, keyBytes(key), value));
        }

        @Override
        public boolean contains(int key) {
            try {
                return db.get(keyBytes(key)) != null;
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Flushes the memtable and waits until no compaction is pending or running. */
        void settle() {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                rocks(() -> db.flush(flush));
            }
            while (property("rocksdb.compaction-pending") > 0 || property("rocksdb.num-running-compactions") > 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }

        void compactRange() {
            rocks(db::compactRange);
        }

        private long property(String name) {
            try {
                return db.getLongProperty(name);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            if (walFlusher != null) {
                walFlusher.shutdownNow();
                rocks(() -> db.flushWal(true));
            }
            db.close();
            writeOptions.close();
            options.close();
            cache.close();
            if (bloomFilter != null) {
                bloomFilter.close();
            }
        }

        private interface RocksCall {
            void run() throws RocksDBException;
        }

        private static void rocks(RocksCall call) {
            try {
                call.run();
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- keys and values -----------------------------------------------------------------------

    /** Key number {@code key} as 16 ASCII bytes, for example {@code key-000000001234}. */
    private static byte[] keyBytes(int key) {
        byte[] bytes = KEY_TEMPLATE.clone();
        for (int i = bytes.length - 1, n = key; n > 0; i--, n /= 10) {
            bytes[i] = (byte) ('0' + n % 10);
        }
        return bytes;
    }

    private static String key(int key) {
        return new String(keyBytes(key), StandardCharsets.US_ASCII);
    }

    /** Random bytes, so that RocksDB's compression finds nothing to squeeze. */
    private static byte[][] randomValues(int count) {
        Random random = new Random(42);
        byte[][] values = new byte[count][VALUE_BYTES];
        for (byte[] value : values) {
            random.nextBytes(value);
        }
        return values;
    }

    /** The value {@code key} gets in write round {@code round}: neighbouring keys never share one. */
    private static byte[] value(int key, int round) {
        return VALUES[(key + round * 613) % VALUES.length];
    }

    /**
     * The i-th key to write. Multiplying by a prime modulo N visits every key once, in an order
     * that looks random, so that no store profits from keys arriving sorted.
     */
    private static int scrambled(int i, int keys) {
        return (int) (i * 2_654_435_761L % keys);
    }

    // ---- put, get, reopen ----------------------------------------------------------------------

    private void measurePatrick(IndexKind index) {
        Engine engine = Engine.of(index);
        Path dir = newDir();
        try (Patrick store = Patrick.open(dir, index, Durability.NEVER)) {
            record(Row.PUT, engine, putsPerSecond(store));
            record(Row.GET, engine, getsPerSecond(store));
        }
        if (index == IndexKind.KEY_DIRECTORY) {
            record(Row.REOPEN_HINTS, engine, secondsToOpen(dir, index, true));
            deleteHintFiles(dir);
        }
        record(Row.REOPEN_LOG, engine, secondsToOpen(dir, index, false));
        deleteRecursively(dir);
    }

    private void measureRocks() {
        Path dir = newDir();
        try (Rocks rocks = new Rocks(dir, Wal.FLUSH_EVERY_100_MS)) {
            record(Row.PUT, Engine.ROCKSDB, putsPerSecond(rocks));
            rocks.settle();
            record(Row.GET, Engine.ROCKSDB, getsPerSecond(rocks));
        }
        record(Row.REOPEN_HINTS, Engine.ROCKSDB, secondsToOpenRocks(dir));
        deleteRecursively(dir);
        record(Row.PUT, Engine.ROCKSDB_WAL_PER_PUT, inFreshStore(d -> new Rocks(d, Wal.WRITE_PER_PUT), this::putsPerSecond));
        record(Row.GET, Engine.ROCKSDB_BLOOM_FILTER, inFreshStore(d -> new Rocks(d, Wal.FLUSH_EVERY_100_MS, true), rocks -> {
            writeAll(rocks, 0);
            rocks.settle();
            return getsPerSecond(rocks);
        }));
    }

    /** Writes every key once, in scrambled order, with the values of {@code round}. */
    private void writeAll(Store store, int round) {
        for (int i = 0; i < keys; i++) {
            int key = scrambled(i, keys);
            store.put(key, value(key, round));
        }
    }

    /** Writes every key once; returns puts per second. */
    private double putsPerSecond(Store store) {
        long start = System.nanoTime();
        writeAll(store, 0);
        return keys * 1e9 / (System.nanoTime() - start);
    }

    /** Reads N random keys, all of which must be there. */
    private double getsPerSecond(Store store) {
        SplittableRandom random = new SplittableRandom(7);
        int found = 0;
        long start = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            if (store.contains(random.nextInt(keys))) {
                found++;
            }
        }
        double perSecond = keys * 1e9 / (System.nanoTime() - start);
        check(found == keys, "only " + found + " of " + keys + " gets found their key");
        return perSecond;
    }

    /** Seconds to open the Patrick-DB store in {@code dir}, checking what recovery did. */
    private double secondsToOpen(Path dir, IndexKind index, boolean expectHints) {
        long start = System.nanoTime();
        LogStructuredStore store = LogStructuredStore.open(StoreOptions.in(dir).withIndex(index).withDurability(Durability.NEVER));
        double seconds = (System.nanoTime() - start) / 1e9;
        try (store) {
            RecoveryReport report = store.recoveryReport();
            check(store.stats().keys() == keys, "reopened with " + store.stats().keys() + " keys");
            check(report.segmentsFromHints() == (expectHints ? report.segments() : 0), "unexpected use of hints: " + report);
        }
        return seconds;
    }

    private double secondsToOpenRocks(Path dir) {
        long start = System.nanoTime();
        Rocks rocks = new Rocks(dir, Wal.FLUSH_EVERY_100_MS);
        double seconds = (System.nanoTime() - start) / 1e9;
        try (rocks) {
            check(rocks.contains(keys - 1), "RocksDB lost the last key");
        }
        return seconds;
    }

    private static void deleteHintFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path hint : files.filter(f -> f.toString().endsWith(".hint")).toList()) {
                Files.delete(hint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- put with fsync per write --------------------------------------------------------------

    private void measureFsync() {
        for (IndexKind index : IndexKind.values()) {
            measureFsync(Engine.of(index), dir -> Patrick.open(dir, index, Durability.ALWAYS));
        }
        measureFsync(Engine.ROCKSDB, dir -> new Rocks(dir, Wal.FSYNC_PER_PUT));
    }

    /**
     * One writer, then many, back to back. The disk's fsync latency drifts over minutes on a
     * shared machine, so the gain of group commit is taken within each run, not across runs.
     */
    private void measureFsync(Engine engine, Function<Path, Store> open) {
        double one = inFreshStore(open, s -> putsPerSecondFor(s, 1));
        double many = inFreshStore(open, s -> putsPerSecondFor(s, MANY_WRITERS));
        record(Row.FSYNC_ONE_WRITER, engine, one);
        record(Row.FSYNC_MANY_WRITERS, engine, many);
        record(Row.GROUP_COMMIT_GAIN, engine, many / one);
    }

    /** Puts from {@code writers} threads at once for the configured time; returns puts per second. */
    private double putsPerSecondFor(Store store, int writers) {
        LongAdder puts = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + fsyncNanos;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int first = w;
            Thread writer = new Thread(() -> {
                for (int i = first; System.nanoTime() < deadline; i += writers) {
                    int key = scrambled(i % keys, keys);
                    store.put(key, value(key, 0));
                    puts.increment();
                }
            });
            writer.start();
            threads.add(writer);
        }
        for (Thread writer : threads) {
            joinUninterruptibly(writer);
        }
        return puts.sum() * 1e9 / (System.nanoTime() - start);
    }

    // ---- disk ----------------------------------------------------------------------------------

    private void measureDisk() {
        for (IndexKind index : IndexKind.values()) {
            Path dir = newDir();
            try (Patrick store = Patrick.open(dir, index, Durability.NEVER)) {
                writeRounds(store);
                store.store().compact();
            }
            record(Row.DISK, Engine.of(index), bytesIn(dir, ""));
            record(Row.HINT_FILES, Engine.of(index), bytesIn(dir, ".hint"));
            deleteRecursively(dir);
        }
        Path dir = newDir();
        try (Rocks rocks = new Rocks(dir, Wal.WRITE_PER_PUT)) {
            writeRounds(rocks);
            rocks.compactRange();
        }
        record(Row.DISK, Engine.ROCKSDB, bytesIn(dir, ""));
        deleteRecursively(dir);
    }

    /** Writes every key, then overwrites every key {@link #OVERWRITES} times. */
    private void writeRounds(Store store) {
        for (int round = 0; round <= OVERWRITES; round++) {
            writeAll(store, round);
        }
    }

    /** Bytes of the files in {@code dir} whose names end with {@code suffix}. */
    private static double bytesIn(Path dir, String suffix) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(suffix))
                    .mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- memory --------------------------------------------------------------------------------

    private void measureMemory() throws IOException, InterruptedException {
        for (IndexKind index : IndexKind.values()) {
            record(Row.MEMORY, Engine.of(index), heapPerKeyInChildJvm(index));
        }
        if (Memcached.installed()) {
            record(Row.MEMORY, Engine.MEMCACHED, memcachedBytesPerItem());
        } else {
            progress("memcached is not installed: its column stays empty");
        }
    }

    /** Runs {@link #printHeapPerKey} in a fresh JVM with the same class path and reads its answer. */
    private double heapPerKeyInChildJvm(IndexKind index) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), CHILD_JVM_HEAP, "-cp", System.getProperty("java.class.path"),
                StoreBenchmark.class.getName(), HEAP_CHILD, index.name(), String.valueOf(keys), newDir().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String answer = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        check(child.waitFor() == 0, "the child JVM measuring " + index + " failed");
        return Double.parseDouble(answer);
    }

    /** In the child JVM: loads N keys into an empty store and prints the heap it took per key. */
    private static void printHeapPerKey(IndexKind index, int keys, Path dir) throws InterruptedException {
        long before = heapUsedAfterGc();
        try (Patrick store = Patrick.open(dir, index, Durability.NEVER)) {
            for (int i = 0; i < keys; i++) {
                int key = scrambled(i, keys);
                store.put(key, value(key, 0));
            }
            long after = heapUsedAfterGc();
            System.out.println((after - before) / (double) keys);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Heap in use once repeated full collections have removed all garbage. */
    private static long heapUsedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** Resident memory memcached gains by storing the same N items, per item. */
    private double memcachedBytesPerItem() throws IOException, InterruptedException {
        try (Memcached memcached = Memcached.start()) {
            long before = memcached.residentBytes();
            memcached.setAll(keys);
            Map<String, String> stats = memcached.statsWhenSettled();
            check(Long.parseLong(stats.get("curr_items")) == keys, "memcached holds " + stats.get("curr_items") + " items");
            return (memcached.residentBytes() - before) / (double) keys;
        }
    }

    /** A memcached process of our own on a free loopback port, and one text-protocol connection to it. */
    private static final class Memcached implements AutoCloseable {
        private final Process process;
        private final Thread killOnExit;
        private final Socket socket;
        private final BufferedReader replies;

        private Memcached(Process process, Thread killOnExit, Socket socket) throws IOException {
            this.process = process;
            this.killOnExit = killOnExit;
            this.socket = socket;
            this.replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        static boolean installed() {
            return version().startsWith("memcached");
        }

        static String version() {
            try {
                Process p = new ProcessBuilder("memcached", "-V").redirectErrorStream(true).start();
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            } catch (IOException e) {
                return "not installed";
            }
        }

        static Memcached start() throws IOException, InterruptedException {
            int port = freePort();
            Process process = new ProcessBuilder("memcached", "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0",
                    "-m", "2048", "-u", System.getProperty("user.name"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread killOnExit = new Thread(process::destroy);
            Runtime.getRuntime().addShutdownHook(killOnExit);
            return new Memcached(process, killOnExit, connect(port));
        }

        private static int freePort() throws IOException {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            }
        }

        private static Socket connect(int port) throws IOException, InterruptedException {
            for (int attempt = 0; ; attempt++) {
                try {
                    return new Socket(InetAddress.getLoopbackAddress(), port);
                } catch (IOException notYet) {
                    if (attempt == 100) {
                        throw notYet;
                    }
                    Thread.sleep(50);
                }
            }
        }

        /** Sends {@code set <key> 0 0 100 noreply} for every key, pipelined: no replies to wait for. */
        void setAll(int keys) throws IOException {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            byte[] commandEnd = (" 0 0 " + VALUE_BYTES + " noreply\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] lineEnd = "\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < keys; i++) {
                int key = scrambled(i, keys);
                out.write("set ".getBytes(StandardCharsets.US_ASCII));
                out.write(keyBytes(key));
                out.write(commandEnd);
                out.write(value(key, 0));
                out.write(lineEnd);
            }
            out.flush();
        }

        /** The {@code stats} once memcached has finished growing its hash table. */
        Map<String, String> statsWhenSettled() throws IOException, InterruptedException {
            Map<String, String> stats = stats();
            while (!"0".equals(stats.get("hash_is_expanding"))) {
                Thread.sleep(50);
                stats = stats();
            }
            return stats;
        }

        private Map<String, String> stats() throws IOException {
            socket.getOutputStream().write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Map<String, String> stats = new HashMap<>();
            for (String line = replies.readLine(); !"END".equals(line); line = replies.readLine()) {
                String[] parts = line.split(" ");
                check(parts.length == 3 && parts[0].equals("STAT"), "memcached said: " + line);
                stats.put(parts[1], parts[2]);
            }
            return stats;
        }

        /** VmRSS from /proc/PID/status. */
        long residentBytes() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            throw new IOException("no VmRSS for memcached");
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            process.destroy();
            process.waitFor();
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
    }

    // ---- the report ----------------------------------------------------------------------------

    private void printMachine() {
        System.out.println("## Patrick-DB chapter 1 benchmark");
        System.out.println();
        System.out.printf("- date: %s%n", ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("- machine: %d cores (nproc), %s, %s %s%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("os.name"), System.getProperty("os.version"));
        System.out.printf("- java: %s %s, %s%n", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf("- RocksDB %s (rocksdbjni; default options, %d MiB LRU block cache, gets after memtable flush "
                + "and compactions done); %s%n",
                RocksDB.rocksdbVersion(), ROCKSDB_BLOCK_CACHE_BYTES >> 20, Memcached.version().lines().findFirst().orElse(""));
        System.out.printf("- data in %s (file system: %s)%n", workDir, fileSystemType());
        System.out.printf("- work: %,d keys of %d bytes, values of %d random bytes; throughput and reopen rows are "
                + "medians of %d runs; fsync rows run %d s each%n", keys, KEY_TEMPLATE.length, VALUE_BYTES, runs,
                TimeUnit.NANOSECONDS.toSeconds(fsyncNanos));
        System.out.println();
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private String fileSystemType() {
        try {
            return Files.getFileStore(workDir).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void printTable() {
        System.out.println();
        System.out.println("| Measurement | Patrick-DB hash-map index | Patrick-DB key directory | RocksDB | memcached | Ratio | Target |");
        System.out.println("|---|--:|--:|--:|--:|---|---|");
        for (String[] row : List.of(putRow(), getRow(), fsyncOneRow(), fsyncManyRow(), reopenHintsRow(), reopenLogRow(),
                diskRow(), memoryRow())) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }

    private String[] putRow() {
        double hash = median(Row.PUT, Engine.HASH_MAP);
        double dir = median(Row.PUT, Engine.KEY_DIRECTORY);
        double rocks = median(Row.PUT, Engine.ROCKSDB);
        return new String[] {"put, no fsync, 1 thread (ops/s)", ops(hash), ops(dir),
            ops(rocks) + " WAL buffered, flushed every 100 ms (equal durability) / "
                    + ops(median(Row.PUT, Engine.ROCKSDB_WAL_PER_PUT)) + " WAL written per put (default)",
            "—", "hash map " + times(hash / rocks) + ", key dir " + times(dir / rocks) + " RocksDB (equal durability)",
            verdict("≥ 2x RocksDB", hash / rocks >= 2, dir / rocks >= 2)};
    }

    private String[] getRow() {
        double hash = median(Row.GET, Engine.HASH_MAP);
        double dir = median(Row.GET, Engine.KEY_DIRECTORY);
        double rocks = median(Row.GET, Engine.ROCKSDB);
        double bloom = median(Row.GET, Engine.ROCKSDB_BLOOM_FILTER);
        return new String[] {"get, random loaded keys, 1 thread (ops/s)", ops(hash), ops(dir),
            ops(rocks) + " default options / " + ops(bloom) + " with a bloom filter", "—",
            "hash map " + times(hash / rocks) + ", key dir " + times(dir / rocks) + " RocksDB (default); with bloom filter "
                    + times(hash / bloom) + ", " + times(dir / bloom),
            verdict("≥ 2x RocksDB (default)", hash / rocks >= 2, dir / rocks >= 2)
                    + "; with bloom filter: " + met(hash / bloom >= 2) + ", " + met(dir / bloom >= 2)};
    }

    private String[] fsyncOneRow() {
        return new String[] {"put, fsync per write, 1 writer (ops/s)", ops(median(Row.FSYNC_ONE_WRITER, Engine.HASH_MAP)),
            ops(median(Row.FSYNC_ONE_WRITER, Engine.KEY_DIRECTORY)), ops(median(Row.FSYNC_ONE_WRITER, Engine.ROCKSDB)),
            "—", "—", "—"};
    }

    private String[] fsyncManyRow() {
        double hash = groupCommitGain(Engine.HASH_MAP);
        double dir = groupCommitGain(Engine.KEY_DIRECTORY);
        return new String[] {"put, fsync per write, " + MANY_WRITERS + " writers (ops/s)",
            ops(median(Row.FSYNC_MANY_WRITERS, Engine.HASH_MAP)), ops(median(Row.FSYNC_MANY_WRITERS, Engine.KEY_DIRECTORY)),
            ops(median(Row.FSYNC_MANY_WRITERS, Engine.ROCKSDB)), "—",
            MANY_WRITERS + " / 1 writer (median of runs): hash map " + times(hash) + ", key dir " + times(dir)
                    + ", RocksDB " + times(groupCommitGain(Engine.ROCKSDB)),
            verdict("≥ 20x one writer", hash >= 20, dir >= 20)};
    }

    private double groupCommitGain(Engine engine) {
        return median(Row.GROUP_COMMIT_GAIN, engine);
    }

    private String[] reopenHintsRow() {
        double dir = median(Row.REOPEN_HINTS, Engine.KEY_DIRECTORY);
        return new String[] {String.format("reopen %,d keys, with hint files (ms)", keys),
            "— (never reads hints)", millis(dir), millis(median(Row.REOPEN_HINTS, Engine.ROCKSDB)) + " (open)", "—", "—",
            "< 1 s (key dir): " + met(dir < 1)};
    }

    private String[] reopenLogRow() {
        return new String[] {String.format("reopen %,d keys, whole log replayed, no hint files (ms)", keys),
            millis(median(Row.REOPEN_LOG, Engine.HASH_MAP)), millis(median(Row.REOPEN_LOG, Engine.KEY_DIRECTORY)),
            "—", "—", "—", "—"};
    }

    private String[] diskRow() {
        double live = (double) keys * LIVE_BYTES_PER_KEY;
        double hash = median(Row.DISK, Engine.HASH_MAP) / live;
        double dir = median(Row.DISK, Engine.KEY_DIRECTORY) / live;
        double rocks = median(Row.DISK, Engine.ROCKSDB) / live;
        return new String[] {String.format("disk after %d overwrites of every key + compaction (live data %s)", OVERWRITES,
                megabytes(live)), diskCell(Engine.HASH_MAP), diskCell(Engine.KEY_DIRECTORY),
            megabytes(median(Row.DISK, Engine.ROCKSDB)), "—",
            "disk / live: hash map " + times(hash) + ", key dir " + times(dir) + ", RocksDB " + times(rocks),
            verdict("≤ 1.5x live", hash <= 1.5, dir <= 1.5)};
    }

    private String diskCell(Engine engine) {
        double total = median(Row.DISK, engine);
        double hints = median(Row.HINT_FILES, engine);
        return megabytes(total) + " (log " + megabytes(total - hints) + " + hints " + megabytes(hints) + ")";
    }

    private String[] memoryRow() {
        double hash = median(Row.MEMORY, Engine.HASH_MAP);
        double dir = median(Row.MEMORY, Engine.KEY_DIRECTORY);
        double memcached = median(Row.MEMORY, Engine.MEMCACHED);
        double dirOverhead = dir - KEY_TEMPLATE.length;
        return new String[] {"memory per key after loading (bytes; Java heap of a fresh " + CHILD_JVM_HEAP + " JVM; memcached RSS)", bytes(hash), bytes(dir),
            "— (not measured)", bytes(memcached),
            "hash map " + times(hash / memcached) + " memcached; key dir = " + KEY_TEMPLATE.length + " B key + "
                    + bytes(dirOverhead),
            "hash map ≤ 2x memcached: " + met(hash / memcached <= 2) + "; key dir ≤ 64 B + key: " + met(dirOverhead <= 64)};
    }

    /** Each run's values, so that a reader can see how noisy the machine was. */
    private void printRuns() {
        System.out.println();
        System.out.println("Each run (the table shows medians):");
        samples.forEach((cell, values) -> {
            if (values.size() > 1) {
                System.out.printf("- %s, %s: %s%n", cell.row(), cell.engine(),
                        values.stream().map(v -> withUnit(cell.row(), v)).collect(Collectors.joining(", ")));
            }
        });
    }

    private static String withUnit(Row row, double value) {
        return switch (row) {
            case REOPEN_HINTS, REOPEN_LOG -> millis(value) + " ms";
            case GROUP_COMMIT_GAIN -> times(value);
            default -> ops(value) + " ops/s";
        };
    }

    private static String verdict(String target, boolean hashMapMet, boolean keyDirectoryMet) {
        return target + ": hash map " + met(hashMapMet) + ", key dir " + met(keyDirectoryMet);
    }

    private static String met(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String ops(double perSecond) {
        return Double.isNaN(perSecond) ? "—" : String.format("%,.0f", perSecond);
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "—" : String.format("%.2fx", ratio);
    }

    private static String millis(double seconds) {
        return Double.isNaN(seconds) ? "—" : String.format("%,.0f", seconds * 1000);
    }

    private static String megabytes(double bytes) {
        return Double.isNaN(bytes) ? "—" : String.format("%,.1f MB", bytes / 1e6);
    }

    private static String bytes(double bytes) {
        return Double.isNaN(bytes) ? "—" : String.format("%.1f B", bytes);
    }

    // ---- bookkeeping ---------------------------------------------------------------------------

    private void record(Row row, Engine engine, double value) {
        samples.computeIfAbsent(new Cell(row, engine), c -> new ArrayList<>()).add(value);
    }

    /** The median of a cell's samples, or NaN if it has none. */
    private double median(Row row, Engine engine) {
        List<Double> values = samples.getOrDefault(new Cell(row, engine), List.of()).stream().sorted().toList();
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int mid = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(mid) : (values.get(mid - 1) + values.get(mid)) / 2;
    }

    /** Opens a store in a new directory, measures it, closes it and deletes the directory. */
    private <S extends Store> double inFreshStore(Function<Path, S> open, ToDoubleFunction<S> measure) {
        Path dir = newDir();
        try (S store = open.apply(dir)) {
            return measure.applyAsDouble(store);
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * A new, empty directory for one store. Runs {@code sync} first, so that the disk is not still
     * writing back the files of the store measured before (that would slow this store's fsyncs).
     */
    private Path newDir() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
            return Files.createTempDirectory(workDir, "store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for writers", e);
        }
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }
}
