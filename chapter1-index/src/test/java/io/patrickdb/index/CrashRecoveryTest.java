package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real crash: a child JVM writes with {@link Durability#ALWAYS} from several threads and is
 * killed with SIGKILL in the middle of it. Every write it acknowledged must be in the store when
 * it is reopened; the write each thread had in flight may or may not be.
 */
@Tag("chapter1.part4")
class CrashRecoveryTest {

    private static final int THREADS = 4;
    private static final int KEYS_PER_THREAD = 40;
    private static final int ACKS_BEFORE_KILL = 2000;
    private static final long SEGMENT_BYTES = 64 * 1024;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(IndexKind.class)
    void everyAcknowledgedWriteSurvivesKillDashNine(IndexKind kind) throws Exception {
        Path dir = tmp.resolve("data");
        AcknowledgedWrites writes = new AcknowledgedWrites();
        try (ChildJvm child = ChildJvm.start(CrashingWriter.class, tmp, writes::accept,
                dir.toString(), kind.name(), String.valueOf(THREADS), String.valueOf(KEYS_PER_THREAD), String.valueOf(SEGMENT_BYTES))) {
            child.killDashNineWhen(ACKS_BEFORE_KILL + " acknowledged writes", () -> writes.acks() >= ACKS_BEFORE_KILL);
        }
        assertThat(writes.acknowledgedDeletes()).as("the child deleted as well as put").isPositive();
        assertThat(highestSegmentId(dir)).as("segments rolled while the child wrote").isGreaterThan(3);

        StoreOptions options = StoreOptions.in(dir).withIndex(kind).withDurability(Durability.ALWAYS).withSegmentBytes(SEGMENT_BYTES);
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            writes.assertSurvivedIn(store);
            // Whatever recovery cut can only be the tail of the log: a torn append.
            assertThat(store.recoveryReport().cuts()).allSatisfy(cut -> assertThat(cut.tornWrite()).isTrue());

            store.put("after-crash", "new".getBytes(StandardCharsets.UTF_8));
            store.delete("t0-k0");
            assertThat(store.get("after-crash")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("new"));
        }
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            assertThat(store.recoveryReport().cuts()).isEmpty();
            assertThat(store.get("after-crash")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("new"));
            assertThat(store.get("t0-k0")).isEmpty();
        }
    }

    private static int highestSegmentId(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Segment::isSegmentFile).mapToInt(Segment::idOf).max().orElse(0);
        }
    }
}
