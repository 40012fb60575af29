package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A known sequence of writes (puts with random binary values, overwrites, deletes of present keys)
 * made to a store, so that every write is exactly one record in the log: the n-th write is the
 * n-th record. Tests damage the files and ask what the store must hold after the first n writes.
 */
final class WriteHistory {

    /** One write: a put of {@code value}, or a delete if it is null. */
    record Write(String key, byte[] value) {
    }

    private final List<Write> writes;
    private final Set<String> keys = new LinkedHashSet<>();

    private WriteHistory(List<Write> writes) {
        this.writes = List.copyOf(writes);
        for (Write w : writes) {
            keys.add(w.key);
        }
    }

    /**
     * Makes {@code count} writes over {@code keyCount} keys (chosen with {@code seed}) to a new
     * store in {@code options.dataDir()}, and closes it. The last write overwrites a key that has a
     * value {@code maxValueBytes} long, so losing it shows as the older value.
     */
    static WriteHistory write(StoreOptions options, long seed, int count, int keyCount, int maxValueBytes) {
        Random random = new Random(seed);
        List<Write> writes = new ArrayList<>();
        Map<String, byte[]> live = new HashMap<>();
        try (LogStructuredStore store = LogStructuredStore.open(options.withCompactionThreshold(1.0))) {
            for (int i = 0; i < count; i++) {
                String key = "key-" + random.nextInt(keyCount);
                boolean last = i == count - 1;
                if (last) {
                    key = live.keySet().stream().sorted().findFirst().orElse(key);
                }
                if (!last && live.containsKey(key) && random.nextInt(4) == 0) {
                    assertThat(store.delete(key)).isTrue();
                    live.remove(key);
                    writes.add(new Write(key, null));
                } else {
                    byte[] value = new byte[last ? maxValueBytes : random.nextInt(maxValueBytes + 1)];
                    random.nextBytes(value);
                    store.put(key, value);
                    live.put(key, value);
                    writes.add(new Write(key, value));
                }
            }
        }
        return new WriteHistory(writes);
    }

    /** What each key holds after the first {@code n} writes. */
    Map<String, Optional<byte[]>> stateAfter(int n) {
        return stateOf(i -> i < n);
    }

    /** What each key holds after the writes that {@code kept} accepts (by position), in order. */
    Map<String, Optional<byte[]>> stateOf(IntPredicate kept) {
        Map<String, Optional<byte[]>> state = new HashMap<>();
        for (String key : keys) {
            state.put(key, Optional.empty());
        }
        for (int i = 0; i < writes.size(); i++) {
            if (kept.test(i)) {
                Write w = writes.get(i);
                state.put(w.key, Optional.ofNullable(w.value));
            }
        }
        return state;
    }

    /** Keys whose value in {@code store} differs from {@code expected}, each with what is wrong. */
    static List<String> differences(KeyValueStore store, Map<String, Optional<byte[]>> expected) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Optional<byte[]>> e : expected.entrySet()) {
            Optional<byte[]> actual = store.get(e.getKey());
            boolean same = actual.isPresent() == e.getValue().isPresent()
                    && (actual.isEmpty() || Arrays.equals(actual.get(), e.getValue().get()));
            if (!same) {
                wrong.add(e.getKey() + ": expected " + describe(e.getValue()) + ", store has " + describe(actual));
            }
        }
        return wrong;
    }

    private static String describe(Optional<byte[]> value) {
        return value.map(v -> v.length + " bytes " + Integer.toHexString(Arrays.hashCode(v))).orElse("no value");
    }

    /**
     * The records of every segment in {@code dir}, in log order, checked against this history:
     * the n-th record is the n-th write.
     */
    List<LogFiles.RecordAt> records(Path dir) throws IOException {
        List<LogFiles.RecordAt> all = new ArrayList<>();
        for (Path segment : LogFiles.segments(dir)) {
            all.addAll(LogFiles.records(segment));
        }
        assertThat(all).as("one record per write").hasSize(writes.size());
        for (int i = 0; i < all.size(); i++) {
            LogRecord r = all.get(i).record();
            Write w = writes.get(i);
            assertThat(r.key()).as("record %d", i).isEqualTo(w.key);
            assertThat(r.type()).as("record %d", i).isEqualTo(w.value == null ? RecordType.TOMBSTONE : RecordType.PUT);
        }
        return all;
    }
}
