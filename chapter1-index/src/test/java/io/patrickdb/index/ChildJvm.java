package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A child JVM for crash tests: runs a main class from the test class path, reads its standard
 * output line by line on a thread of its own (as fast as the child prints), and kills it with
 * SIGKILL, the way a crash or {@code kill -9} would stop it: no shutdown hooks, no finally
 * blocks, no close.
 */
final class ChildJvm implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final Path stderr;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> onLine;
    private final Thread reader;
    private volatile Throwable readFailure;
    private volatile BooleanSupplier killWhen;

    private ChildJvm(Process process, Path stderr, Consumer<String> onLine) {
        this.process = process;
        this.stderr = stderr;
        this.onLine = onLine;
        this.reader = new Thread(this::readOutput, "child-stdout-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM with this JVM's class path. Each line it prints is
     * handed to {@code onLine} (on the reading thread, in order) and kept.
     */
    static ChildJvm start(Class<?> mainClass, Path workDir, Consumer<String> onLine, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1"); // the child runs briefly: start fast
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path stderr = Files.createTempFile(workDir, "child-", ".stderr");
        Process process = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new ChildJvm(process, stderr, onLine);
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                onLine.accept(line);
                BooleanSupplier condition = killWhen;
                if (condition != null && condition.getAsBoolean()) {
                    sigkill();
                }
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            readFailure = e;
            sigkill();
        }
    }

    /**
     * Kills the child with SIGKILL as soon as {@code condition} holds, then waits for it to die and
     * for the rest of its output to be read. The condition is checked on the reading thread after
     * every line, so the child dies while it is busy, not some polling interval later.
     *
     * <p>The signal goes through {@link ProcessHandle#destroyForcibly()}, which sends SIGKILL on
     * Linux and, unlike {@link Process#destroyForcibly()}, does not close the pipe from the child:
     * the lines the child printed just before it died are still read.
     *
     * @param what the condition in words, for the failure message if the child exits first
     */
    void killDashNineWhen(String what, BooleanSupplier condition) throws InterruptedException {
        killWhen = condition;
        if (condition.getAsBoolean()) {
            sigkill();
        }
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("child killed within %s once %s", PATIENCE, what).isTrue();
        reader.join(PATIENCE.toMillis());
        assertThat(reader.isAlive()).as("child's output read to its end").isFalse();
        assertThat(readFailure).as("reading the child's output").isNull();
        // 128 + 9: the child died of SIGKILL, not of anything it did itself.
        assertThat(process.exitValue())
                .as("exit code: the child should have been killed by SIGKILL once %s; its stderr:%n%s", what, stderr())
                .isEqualTo(137);
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private void sigkill() {
        process.toHandle().destroyForcibly();
    }

    /**
     * Waits until the child has printed {@code line}; fails, with the child's standard error, if it
     * exits first.
     */
    void awaitLine(String line) {
        await("child prints " + line).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> lines.contains(line) || !process.isAlive());
        assertThat(lines.contains(line)).as("child exited before it printed %s; its stderr:%n%s", line, stderr()).isTrue();
    }

    /** Writes {@code line} to the child's standard input. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(cannot read " + stderr + ": " + e + ")";
        }
    }

    /** Kills the child if it still runs (a test that failed before it killed it). */
    @Override
    public void close() {
        if (process.isAlive()) {
            sigkill();
            try {
                process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
