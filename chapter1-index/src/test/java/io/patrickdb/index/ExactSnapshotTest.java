package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link LogStructuredStore#exactSnapshot()}: replaying its records gives the store's state at
 * the instant it was taken, whatever is written, deleted or compacted after that instant and
 * before the snapshot is read. Random writes over few keys, so that keys are overwritten and
 * deleted on both sides of the instant; small segments and compaction before it, so that the
 * snapshot reads a compacted log.
 */
@Tag("chapter1.log-stream")
class ExactSnapshotTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void replayingTheSnapshotGivesTheStateAtTheInstantItWasTaken(IndexKind kind) {
        TestClock clock = new TestClock();
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            StoreOptions options = StoreOptions.in(dir.resolve(kind + "-" + seed)).withIndex(kind).withClock(clock)
                    .withDurability(Durability.NEVER).withSegmentBytes(4096).withCompactionThreshold(0.1);
            try (LogStructuredStore store = LogStructuredStore.open(options)) {
                randomWrites(store, random, 2000);
                store.compact();
                Map<String, String> expected = contents(store);
                long lastSequence = store.stats().lastSequence();
                try (Snapshot snapshot = store.exactSnapshot()) {
                    randomWrites(store, random, 2000); // after the instant: none of this may show
                    store.compact();                    // put off until the snapshot closes
                    assertThat(snapshot.sequence()).isEqualTo(lastSequence);
                    assertThat(replay(snapshot)).as("seed %d", seed).isEqualTo(expected);
                }
            }
        }
    }

    private static void randomWrites(LogStructuredStore store, Random random, int count) {
        for (int i = 0; i < count; i++) {
            String key = "k" + random.nextInt(40);
            if (random.nextInt(4) == 0) {
                store.delete(key);
            } else {
                store.put(key, ("v" + random.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8), Duration.ZERO);
            }
        }
    }

    private static Map<String, String> contents(LogStructuredStore store) {
        Map<String, String> all = new TreeMap<>();
        for (int k = 0; k < 40; k++) {
            String key = "k" + k;
            store.get(key).ifPresent(v -> all.put(key, new String(v, StandardCharsets.UTF_8)));
        }
        return all;
    }

    private static Map<String, String> replay(Snapshot snapshot) {
        Map<String, String> state = new TreeMap<>();
        long last = 0;
        for (List<LogRecord> batch; !(batch = snapshot.next(4096)).isEmpty(); ) {
            for (LogRecord r : batch) {
                assertThat(r.sequence()).as("records in sequence order").isGreaterThan(last).isLessThanOrEqualTo(snapshot.sequence());
                last = r.sequence();
                if (r.type() == RecordType.PUT) {
                    state.put(r.key(), new String(r.value(), StandardCharsets.UTF_8));
                } else {
                    state.remove(r.key());
                }
            }
        }
        return state;
    }
}
