package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at every step of a compaction. A child JVM ({@link CompactionCrasher}) writes puts,
 * overwrites and deletes with {@link Durability#ALWAYS}, starts a compaction while it keeps
 * writing, and stops the compaction at one {@link CompactionStep}; the test kills it there with
 * SIGKILL and reopens the store. Every acknowledged write must be there, every acknowledged delete
 * must stay deleted (compaction drops tombstones: a key must not come back from an old segment),
 * recovery must leave no compaction files behind, and the store must compact again afterwards.
 */
@Tag("chapter1.part6")
class CompactionCrashTest {

    /** Writes the child must acknowledge after the compaction stopped, before it is killed. */
    private static final int ACKS_AFTER_STOP = 200;

    @TempDir
    Path tmp;

    static Stream<Arguments> everyStepWithEveryIndex() {
        return Arrays.stream(CompactionStep.values())
                .flatMap(step -> Arrays.stream(IndexKind.values()).map(kind -> Arguments.of(step, kind)));
    }

    @ParameterizedTest(name = "killed after {0}, {1}")
    @MethodSource("everyStepWithEveryIndex")
    void aCrashAtAnyCompactionStepLosesNoAcknowledgedWriteAndResurrectsNoDeletedKey(CompactionStep step, IndexKind kind)
            throws Exception {
        Path dir = tmp.resolve("data");
        AcknowledgedWrites writes = new AcknowledgedWrites();
        AtomicReference<String> stopped = new AtomicReference<>();
        AtomicInteger acksAtStop = new AtomicInteger();
        AtomicReference<String> finished = new AtomicReference<>();
        try (ChildJvm child = ChildJvm.start(CompactionCrasher.class, tmp, line -> {
            writes.accept(line);
            if (line.startsWith("STEP ")) {
                acksAtStop.set(writes.acks());
                stopped.set(line);
            } else if (line.startsWith("COMPACTED")) {
                finished.set(line);
            }
        }, dir.toString(), kind.name(), step.name())) {
            child.killDashNineWhen("compaction stopped after " + step + " and " + ACKS_AFTER_STOP + " more writes acknowledged",
                    () -> finished.get() != null
                            || stopped.get() != null && writes.acks() >= acksAtStop.get() + ACKS_AFTER_STOP);
            assertThat(finished.get()).as("the compaction should have stopped at " + step).isNull();
            assertThat(stopped.get()).isEqualTo("STEP " + step + " .");
        }
        assertThat(writes.acknowledgedDeletes()).as("acknowledged deletes").isGreaterThan(50);
        assertCrashedMidCompaction(dir, step);

        StoreOptions options = CompactionCrasher.options(dir, kind);
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            assertNoCompactionLeftovers(dir);
            writes.assertSurvivedIn(store);

            int segmentsBefore = store.stats().segments();
            store.compact();
            assertThat(store.stats().compactions()).as("a second compaction completed").isEqualTo(1);
            assertThat(store.stats().segments()).isLessThan(segmentsBefore);
            assertNoCompactionLeftovers(dir);
            writes.assertSurvivedIn(store);
        }
        // (Only now: while the store is open, its background thread writes hint files via *.tmp.)
        assertThat(LogFiles.filesEndingWith(dir, ".tmp")).as("*.tmp files").isEmpty();
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            assertThat(store.recoveryReport().cuts()).isEmpty();
            writes.assertSurvivedIn(store);
        }
    }

    /** The files the crash left show where it hit: before the manifest, or after it. */
    private static void assertCrashedMidCompaction(Path dir, CompactionStep step) throws IOException {
        boolean committed = step != CompactionStep.OUTPUTS_WRITTEN;
        boolean renamed = step.compareTo(CompactionStep.OUTPUTS_RENAMED) >= 0;
        assertThat(Files.exists(dir.resolve(DataDirectory.COMPACTION_MANIFEST))).as("manifest after " + step).isEqualTo(committed);
        assertThat(LogFiles.filesEndingWith(dir, DataDirectory.COMPACTION_OUTPUT_SUFFIX)).as("unrenamed outputs after " + step)
                .matches(outputs -> renamed ? outputs.isEmpty() : !outputs.isEmpty());
        if (committed) {
            List<Integer> inputs = CompactionManifest.read(dir).inputs();
            assertThat(inputs).isNotEmpty();
            boolean deleted = step == CompactionStep.INPUTS_DELETED;
            assertThat(inputs).as("inputs on disk after " + step)
                    .allMatch(id -> Files.exists(dir.resolve(Segment.fileName(id))) != deleted);
        }
    }

    private static void assertNoCompactionLeftovers(Path dir) throws IOException {
        assertThat(LogFiles.filesEndingWith(dir, DataDirectory.COMPACTION_OUTPUT_SUFFIX)).as("*.compacting files").isEmpty();
        assertThat(dir.resolve(DataDirectory.COMPACTION_MANIFEST)).as("compaction manifest").doesNotExist();
    }
}
