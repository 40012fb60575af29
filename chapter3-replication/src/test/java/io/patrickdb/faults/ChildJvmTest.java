package io.patrickdb.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patrickdb.testing.ChildJvm;
import io.patrickdb.testing.ChildLogs;
import io.patrickdb.testing.KeepChildLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What chapter 3 adds to the child JVMs of the test kit: pause and resume (SIGSTOP and SIGCONT),
 * kill while paused, waiting for a line by pattern, the command line from the builder, and logs
 * that outlive a failed test.
 */
@Tag("chapter3.faults")
@ExtendWith(KeepChildLogs.class)
class ChildJvmTest {
    private static final Pattern TICK = Pattern.compile("tick (\\d+)");
    /** Lines the running child prints while the test watches the paused one: 100 ms and more. */
    private static final int WATCH = 20;

    @Test
    void aPausedChildPrintsNothingWhileAnotherRunsAndCarriesOnWhereItStoppedWhenResumed() throws Exception {
        try (ChildJvm paused = ChildJvm.builder(Ticker.class).name("paused").start();
             ChildJvm running = ChildJvm.builder(Ticker.class).name("running").start()) {
            paused.awaitLine("tick 3");
            running.awaitLine("tick 3");

            paused.pause();
            // What it printed before it stopped may still be in the pipe: let the reader catch up first.
            awaitMoreLines(running, WATCH);
            int before = paused.lineCount();
            awaitMoreLines(running, WATCH);
            assertThat(paused.lineCount()).as("lines of the paused child while the other printed %d", WATCH).isEqualTo(before);
            assertThat(paused.isAlive()).isTrue();

            paused.resume();
            long last = lastTick(paused);
            paused.awaitLine("tick " + (last + WATCH));
            List<Integer> ticks = ticks(paused);
            assertThat(ticks).as("every tick, none skipped or repeated across the pause")
                    .isEqualTo(IntStream.range(0, ticks.size()).boxed().toList());
        }
    }

    @Test
    void killEndsAChildWithSigkillEvenWhilePaused() throws Exception {
        try (ChildJvm child = ChildJvm.builder(Ticker.class).start()) {
            child.awaitLine("tick 1");
            child.pause();
            child.kill();
            assertThat(child.isAlive()).isFalse();
            assertThat(child.awaitExit(ChildJvm.PATIENCE)).as("exit code: 128 + SIGKILL's 9").isEqualTo(137);
        }
    }

    @Test
    void awaitLineReturnsTheFirstMatchAndFailsIfTheChildExitsBeforeItPrintsOne() throws Exception {
        try (ChildJvm child = ChildJvm.builder(Ticker.class).args("5").start()) {
            Matcher tick = child.awaitLine(TICK, ChildJvm.PATIENCE);
            assertThat(tick.group(1)).isEqualTo("0");
            assertThat(child.awaitLine(line -> line.endsWith("4"), ChildJvm.PATIENCE)).isEqualTo("tick 4");

            assertThatThrownBy(() -> child.awaitLine("tick 5"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("exited before it printed");
            assertThat(child.awaitExit(ChildJvm.PATIENCE)).isZero();
        }
    }

    @Test
    void theBuilderPassesSystemPropertiesArgumentsAndTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Path workingDirectory = dir.resolve("work");
        ChildJvm.Builder builder = ChildJvm.builder(Ticker.class).name("built")
                .jvmOption("-Xmx64m").systemProperty("ticker.greeting", "hello").workingDirectory(workingDirectory).args("1");
        assertThat(builder.command()).contains("-Xmx64m", "-Dticker.greeting=hello", Ticker.class.getName()).endsWith("1");
        try (ChildJvm child = builder.start()) {
            child.awaitLine("greeting hello");
            child.awaitLine("dir " + workingDirectory.toRealPath());
            assertThat(child.awaitExit(ChildJvm.PATIENCE)).isZero();
        }
    }

    @Test
    void theChildsOutputAndErrorsGoToALogNamedForTheTest(TestInfo test) throws Exception {
        try (ChildJvm child = ChildJvm.builder(Ticker.class).name("ticker").args("3").start()) {
            assertThat(child.awaitExit(ChildJvm.PATIENCE)).isZero();
            assertThat(child.logFile()).isEqualTo(ChildLogs.ROOT.resolve(ChildJvmTest.class.getName())
                    .resolve(test.getTestMethod().orElseThrow().getName()).resolve("ticker.log"));
            assertThat(child.log()).contains("ticker started", "tick 0", "tick 2");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void eachInvocationOfAParameterizedTestLogsApart(int invocation, TestInfo test) throws Exception {
        try (ChildJvm child = ChildJvm.builder(Ticker.class).args("1").start()) {
            assertThat(child.awaitExit(ChildJvm.PATIENCE)).isZero();
            assertThat(child.logFile().getParent().getFileName())
                    .hasToString(test.getTestMethod().orElseThrow().getName() + "[" + invocation + "]");
        }
    }

    // --- what happens to the logs when a test ends: decided by ChildLogs, used by KeepChildLogs ---

    @Test
    void theLogsOfAPassedTestAreDeleted(@TempDir Path dir) throws IOException {
        ChildLogs logs = ChildLogs.freshIn(dir.resolve("logs"));
        Path first = logs.newLogFile("node");
        Path second = logs.newLogFile("node");
        assertThat(second.getFileName()).hasToString("node-2.log");

        assertThat(logs.finish(Optional.empty())).as("report").isEmpty();
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        assertThat(logs.directory()).doesNotExist();
    }

    @Test
    void theLogsOfAFailedTestAreKeptAndReportedWithTheirLastLines(@TempDir Path dir) throws IOException {
        ChildLogs logs = ChildLogs.freshIn(dir.resolve("logs"));
        Path log = logs.newLogFile("node");
        Files.write(log, IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i).toList());

        Optional<String> report = logs.finish(Optional.of(new AssertionError("the test failed")));
        assertThat(log).exists();
        assertThat(report).hasValueSatisfying(text -> {
            List<String> lines = text.lines().toList();
            assertThat(text).contains(log.toString());
            assertThat(lines).contains("line 11", "line 60").doesNotContain("line 10");
        });
    }

    @Test
    void freshLogsStartWithoutWhatAnEarlierRunLeft(@TempDir Path dir) throws IOException {
        Path directory = dir.resolve("logs");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("node-2.log"), "an earlier run");
        ChildLogs logs = ChildLogs.freshIn(directory);
        assertThat(directory).doesNotExist();
        logs.newLogFile("node");
        assertThat(logs.finish(Optional.of(new AssertionError()))).hasValueSatisfying(text -> assertThat(text).doesNotContain("node-2.log"));
    }

    private static void awaitMoreLines(ChildJvm child, int more) {
        String next = "tick " + (lastTick(child) + more);
        child.awaitLine(next::equals, ChildJvm.PATIENCE);
    }

    private static long lastTick(ChildJvm child) {
        List<Integer> ticks = ticks(child);
        return ticks.isEmpty() ? -1 : ticks.get(ticks.size() - 1);
    }

    private static List<Integer> ticks(ChildJvm child) {
        return child.lines().stream().map(TICK::matcher).filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1))).toList();
    }
}
