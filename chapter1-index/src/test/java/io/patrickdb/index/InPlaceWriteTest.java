package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InPlaceWrites#tryWithoutWaiting}: a write the log can take into memory at once runs on
 * the caller's thread; any other is declined, and a declined write has changed nothing. The
 * write path is the student's {@code append} (part 2), which must go through {@code log.append}.
 */
@Tag("chapter1.part2")
class InPlaceWriteTest {
    /** Larger than half the log's append buffer: two of them never fit in it together. */
    private static final int BIG = Segment.BUFFER_BYTES / 2 + 1024;

    @TempDir
    Path dir;

    @Test
    void aWriteThatFitsInMemoryRunsInPlaceAndSurvivesAReopen() {
        try (LogStructuredStore store = open(StoreOptions.in(dir))) {
            CompletableFuture<Long> version = store.tryWithoutWaiting(s -> s.putAsync("k", bytes("v1"), null));

            assertThat(version).isNotNull().isCompleted();
            assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1")));
            CompletableFuture<Boolean> deleted = store.tryWithoutWaiting(s -> s.deleteAsync("k"));
            assertThat(deleted).isNotNull();
            assertThat(deleted.join()).isTrue();
            assertThat(store.tryWithoutWaiting(s -> s.putAsync("k", bytes("v2"), null))).isNotNull();
        }
        try (KeyValueStore reopened = open(StoreOptions.in(dir))) {
            assertThat(reopened.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v2")));
        }
    }

    @Test
    void aWriteThatWouldWriteOutTheBufferIsDeclinedAndChangesNothing() {
        try (LogStructuredStore store = open(StoreOptions.in(dir))) {
            assertThat(store.tryWithoutWaiting(s -> s.putAsync("first", new byte[BIG], null))).isNotNull();
            long writes = store.stats().writes();

            CompletableFuture<Long> declined = store.tryWithoutWaiting(s -> s.putAsync("second", new byte[BIG], null));

            assertThat(declined).as("the buffer must be written to the file first: that is I/O").isNull();
            assertThat(store.get("second")).isEmpty();
            assertThat(store.stats().writes()).isEqualTo(writes);
            assertThat(store.putAsync("second", new byte[BIG], null).join()).as("the same write on a thread that may wait").isPositive();
            assertThat(store.get("second")).isPresent();
        }
    }

    @Test
    void aWriteThatWouldStartANewSegmentIsDeclined() {
        try (LogStructuredStore store = open(StoreOptions.in(dir).withSegmentBytes(4096))) {
            assertThat(store.tryWithoutWaiting(s -> s.putAsync("a", new byte[2500], null))).isNotNull();

            assertThat(store.tryWithoutWaiting(s -> s.putAsync("b", new byte[2500], null)))
                    .as("sealing the full segment fsyncs it").isNull();
            assertThat(store.get("b")).isEmpty();
            assertThat(store.stats().segments()).isEqualTo(1);
        }
    }

    @Test
    void aKeyDirectoryDeclinesEveryWrite() {
        try (LogStructuredStore store = open(StoreOptions.in(dir).withIndex(IndexKind.KEY_DIRECTORY))) {
            assertThat(store.tryWithoutWaiting(s -> s.putAsync("k", bytes("v"), null)))
                    .as("its deletes and compare-and-sets read values from the log files").isNull();
            assertThat(store.get("k")).isEmpty();
        }
    }

    @Test
    void anInvalidWriteIsRefusedNotDeclined() {
        try (LogStructuredStore store = open(StoreOptions.in(dir))) {
            assertThatThrownBy(() -> store.tryWithoutWaiting(s -> s.putAsync("no spaces", bytes("v"), null)))
                    .isInstanceOf(InvalidKeyException.class);
            assertThat(store.tryWithoutWaiting(s -> s.putAsync("k", bytes("v"), null)))
                    .as("a refused write leaves the store able to write in place").isNotNull();
        }
    }

    @Test
    void inPlaceAndWaitingWritesFromManyThreadsRecoverAsTheyWereSeen() throws Exception {
        Map<String, byte[]> seen = new ConcurrentHashMap<>();
        try (LogStructuredStore store = open(StoreOptions.in(dir).withSegmentBytes(256 * 1024))) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread writer = new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 2_000; i++) {
                        String key = "k" + random.nextInt(50);
                        byte[] value = bytes(thread + ":" + i + ":" + "x".repeat(random.nextInt(3_000)));
                        if (store.tryWithoutWaiting(s -> s.putAsync(key, value, null)) == null) {
                            store.putAsync(key, value, null).join();
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (Thread w : writers) {
                w.join();
            }
            for (int k = 0; k < 50; k++) {
                String key = "k" + k;
                store.get(key).ifPresent(v -> seen.put(key, v));
            }
        }
        try (KeyValueStore reopened = open(StoreOptions.in(dir))) {
            assertThat(seen).isNotEmpty();
            for (Map.Entry<String, byte[]> e : seen.entrySet()) {
                assertThat(reopened.getVersioned(e.getKey())).hasValueSatisfying(v -> assertThat(Arrays.equals(v.value(), e.getValue())).isTrue());
            }
        }
    }

    private static LogStructuredStore open(StoreOptions options) {
        return LogStructuredStore.open(options);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
