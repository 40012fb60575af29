package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.testing.ChildJvm;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store that does not fsync on its own ({@link Durability#NEVER}) still keeps, through a
 * SIGKILL, every record appended before {@link LogStructuredStore#flushToOperatingSystem()} or
 * {@link LogStructuredStore#forceToDisk()} returned: a replication follower relies on it before it
 * acknowledges a batch. The child is killed at once after it says so, well inside the 100 ms after
 * which the store would have flushed its buffer by itself.
 */
@Tag("chapter1.log-stream")
class FlushCrashTest {
    private static final int RECORDS = 2_000;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"flush", "force"})
    void recordsHandedToTheOperatingSystemSurviveSigkill(String how) throws Exception {
        Path dir = tmp.resolve("data");
        AtomicBoolean applied = new AtomicBoolean();
        try (ChildJvm child = ChildJvm.start(FlushingApplier.class, tmp,
                line -> applied.compareAndSet(false, line.equals("applied " + RECORDS)),
                dir.toString(), String.valueOf(RECORDS), how)) {
            child.killDashNineWhen("the child applied and flushed its records", applied::get);
        }
        try (LogStructuredStore store = LogStructuredStore.open(StoreOptions.in(dir))) {
            assertThat(store.stats().lastSequence()).isEqualTo(RECORDS);
            assertThat(store.stats().keys()).isEqualTo(RECORDS);
            assertThat(store.get("key" + RECORDS)).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("value" + RECORDS));
        }
    }
}
