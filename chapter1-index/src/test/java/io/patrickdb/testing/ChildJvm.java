package io.patrickdb.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A child JVM for crash and fault tests: runs a main class from the test class path, reads its
 * standard output line by line on a thread of its own (as fast as the child prints), and stops it
 * the ways a machine stops a process:
 *
 * <ul>
 *   <li>{@link #kill()}: SIGKILL, a crash or {@code kill -9}: no shutdown hooks, no finally blocks,
 *       no close;</li>
 *   <li>{@link #pause()} and {@link #resume()}: SIGSTOP and SIGCONT, a process that stalls (a long
 *       garbage collection, a VM migrated, a laptop lid closed) and then carries on as if nothing
 *       happened, while the rest of the world has moved on.</li>
 * </ul>
 *
 * <p>Everything the child prints, standard output and standard error, also goes to a log file
 * under {@code target/child-logs/<test class>/<test method>/<name>.log}: with
 * {@link KeepChildLogs} on the test class, the logs of a test that passed are deleted and those of
 * a test that failed are kept and printed. Without it they are kept.
 *
 * <p>To build something bigger on top (a database node, say), hold a {@code ChildJvm} and start it
 * with {@link #builder(Class)}; every knob of the command line is there.
 */
public final class ChildJvm implements AutoCloseable {
    /** How long a child may take to do what a test waits for before the test fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer logWriter;
    private final List<String> lines = new ArrayList<>(); // guarded by itself
    private final Consumer<String> onLine;
    private final Thread reader;
    private volatile Throwable readFailure;
    private volatile BooleanSupplier killWhen;

    private ChildJvm(String name, Process process, Path log, Consumer<String> onLine) throws IOException {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logWriter = new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(log, StandardOpenOption.APPEND), StandardCharsets.UTF_8));
        this.onLine = onLine;
        this.reader = new Thread(this::readOutput, "child-stdout-" + name + "-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts describing a child that runs {@code mainClass}; {@link Builder#start()} starts it. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass);
    }

    /**
     * Starts {@code mainClass} in a new JVM with this JVM's class path, in {@code workDir}. Each line
     * it prints is handed to {@code onLine} (on the reading thread, in order) and kept.
     */
    public static ChildJvm start(Class<?> mainClass, Path workDir, Consumer<String> onLine, String... args) throws IOException {
        return builder(mainClass).workingDirectory(workDir).onLine(onLine).args(args).start();
    }

    /** What {@link ChildJvm#builder(Class)} starts: the child's command line, piece by piece. */
    public static final class Builder {
        private final Class<?> mainClass;
        private String name;
        // The children of tests run briefly and there are several at once: small heaps, fast start.
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private Path workingDirectory;
        private Consumer<String> onLine = line -> { };

        private Builder(Class<?> mainClass) {
            this.mainClass = mainClass;
            this.name = mainClass.getSimpleName();
        }

        /** The name of the log file and of the reading thread; by default the main class's simple name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A JVM option such as {@code -Xmx64m}; it comes after the defaults, so it overrides them. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** A {@code -Dkey=value} for the child. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        /** Arguments for the child's main method, after any given before. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** The child's working directory (created if missing); by default this JVM's. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** Called with each line the child prints to standard output, on the reading thread, in order. */
        public Builder onLine(Consumer<String> onLine) {
            this.onLine = onLine;
            return this;
        }

        /** The command line {@link #start()} runs. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass.getName());
            command.addAll(args);
            return command;
        }

        /** Starts the child. */
        public ChildJvm start() throws IOException {
            ChildLogs logs = ChildLogs.forCurrentTest();
            Path log = logs.newLogFile(name);
            ProcessBuilder builder = new ProcessBuilder(command())
                    // The kernel appends standard error to the log by itself, so what a child prints
                    // as it dies is there even if nobody reads it any more.
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            if (workingDirectory != null) {
                Files.createDirectories(workingDirectory);
                builder.directory(workingDirectory.toFile());
            }
            ChildJvm child = new ChildJvm(name, builder.start(), log, onLine);
            logs.started(child);
            return child;
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer toLog = logWriter) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                toLog.write(line);
                toLog.write('\n');
                if (!in.ready()) {
                    toLog.flush(); // caught up with the child: one write per burst, not per line
                }
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

    /** The name given to the builder (by default the main class's simple name). */
    public String name() {
        return name;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The file that receives the child's standard output and standard error. */
    public Path logFile() {
        return log;
    }

    /** Whether the child still runs (a paused child does). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The lines the child has printed to standard output so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** How many lines the child has printed to standard output so far. */
    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /**
     * Kills the child with SIGKILL as soon as {@code condition} holds, then waits for it to die and
     * for the rest of its output to be read. The condition is checked on the reading thread after
     * every line, so the child dies while it is busy, not some polling interval later.
     *
     * @param what the condition in words, for the failure message if the child exits first
     */
    public void killDashNineWhen(String what, BooleanSupplier condition) throws InterruptedException {
        killWhen = condition;
        if (condition.getAsBoolean()) {
            sigkill();
        }
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("child killed within %s once %s", PATIENCE, what).isTrue();
        awaitOutputRead();
        // 128 + 9: the child died of SIGKILL, not of anything it did itself.
        assertThat(process.exitValue())
                .as(() -> String.format("exit code: the child should have been killed by SIGKILL once %s; the end of its log:%n%s", what, logTail()))
                .isEqualTo(137);
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /**
     * Kills the child with SIGKILL now, paused or not, and waits until it is dead and its output is
     * read to the end.
     */
    public void kill() throws InterruptedException {
        sigkill();
        awaitExit(PATIENCE);
    }

    /**
     * Waits until the child has exited and its output is read to the end; returns its exit code,
     * 128 plus the signal's number if a signal killed it (137 for SIGKILL).
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
                .as("%s exited within %s", name, timeout).isTrue();
        awaitOutputRead();
        return process.exitValue();
    }

    private void awaitOutputRead() throws InterruptedException {
        reader.join(PATIENCE.toMillis());
        assertThat(reader.isAlive()).as("child's output read to its end").isFalse();
        assertThat(readFailure).as("reading the child's output").isNull();
    }

    private void sigkill() {
        // ProcessHandle.destroyForcibly sends SIGKILL on Linux and, unlike Process.destroyForcibly,
        // does not close the pipe from the child: the lines it printed just before it died are still read.
        process.toHandle().destroyForcibly();
    }

    /**
     * Stops the child with SIGSTOP and returns once every one of its threads has stopped (on Linux,
     * where {@code /proc} shows it). A paused child holds its sockets and files open, answers
     * nothing and notices nothing; its peers see a silent process, not a dead one.
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
        // T: stopped; Z and X: a thread that was ending anyway.
        awaitEveryThread("stopped", state -> "TZX".indexOf(state) >= 0);
    }

    /** Continues a paused child with SIGCONT and returns once none of its threads is stopped. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
        awaitEveryThread("running again", state -> state != 'T');
    }

    private void signal(String signal) throws IOException, InterruptedException {
        // The JDK can send SIGTERM and SIGKILL only; kill(1) sends the others.
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid()))
                .redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kill.waitFor()).as("kill -%s %d: %s", signal, pid(), output).isZero();
    }

    private void awaitEveryThread(String what, Predicate<Character> state) {
        Path tasks = Path.of("/proc", String.valueOf(pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return; // not Linux: the signal is sent, and nothing shows when it has landed
        }
        await(name + " " + what).atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> !process.isAlive() || threadStates(tasks).allMatch(state));
        assertThat(process.isAlive()).as(() -> String.format("%s alive; the end of its log:%n%s", name, logTail())).isTrue();
    }

    /** The state letter of each thread, the third field of {@code /proc/PID/task/TID/stat}. */
    private static Stream<Character> threadStates(Path tasks) throws IOException {
        List<Character> states = new ArrayList<>();
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                stateOf(thread.resolve("stat")).ifPresent(states::add);
            }
        }
        return states.stream();
    }

    private static Optional<Character> stateOf(Path stat) throws IOException {
        try {
            String line = Files.readString(stat);
            // "TID (COMMAND) STATE ...": the command may hold spaces and parentheses, so look after the last ')'.
            return Optional.of(line.charAt(line.lastIndexOf(')') + 2));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // the thread ended while we looked
        }
    }

    /**
     * Waits until the child has printed {@code line}; fails, with the child's log, if it exits first.
     */
    public void awaitLine(String line) {
        awaitLine(line::equals, PATIENCE);
    }

    /**
     * Waits until the child has printed a line that {@code matching} accepts (one printed before the
     * call counts) and returns the first such line; fails, with the child's log, if the child exits
     * first or {@code timeout} passes.
     */
    public String awaitLine(Predicate<String> matching, Duration timeout) {
        await(name + " prints a matching line").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> firstLine(matching).isPresent() || !process.isAlive());
        // The child may have printed the line and exited: its last lines are read before the exit is seen.
        Optional<String> found = firstLine(matching);
        if (found.isEmpty()) {
            awaitOutputReadQuietly();
            found = firstLine(matching);
        }
        assertThat(found).as(() -> String.format("%s exited before it printed the line awaited; the end of its log:%n%s", name, logTail())).isPresent();
        return found.get();
    }

    /** As {@link #awaitLine(Predicate, Duration)}, for the first line {@code pattern} matches in full. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        Matcher matcher = pattern.matcher(awaitLine(line -> pattern.matcher(line).matches(), timeout));
        assertThat(matcher.matches()).isTrue();
        return matcher;
    }

    private Optional<String> firstLine(Predicate<String> matching) {
        synchronized (lines) {
            return lines.stream().filter(matching).findFirst();
        }
    }

    private void awaitOutputReadQuietly() {
        try {
            reader.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes {@code line} to the child's standard input. */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Everything in the child's log so far: its standard output and standard error. */
    public String log() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8); // a child may print anything
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The last {@value ChildLogs#TAIL_LINES} lines of the log, for a failure message (read only if it fails). */
    private String logTail() {
        return String.join("\n", ChildLogs.tail(log));
    }

    /** Kills the child if it still runs (a test that failed before it killed it). */
    @Override
    public void close() {
        if (process.isAlive()) {
            sigkill();
            try {
                process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                reader.join(PATIENCE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
