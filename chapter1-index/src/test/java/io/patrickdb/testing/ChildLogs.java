package io.patrickdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The log files of the child JVMs one test starts, and what becomes of them when the test ends:
 * deleted if it passed (nobody will read them, and a suite starts hundreds of children), kept and
 * reported if it failed (they are the only record of what the children did).
 *
 * <p>{@link KeepChildLogs} opens one for each test and finishes it. A child started outside such a
 * test logs under the class and method that started it, and its log is kept.
 */
public final class ChildLogs {
    /** Where the logs go: {@code target/child-logs} of the module under test, or {@code -Dpatrickdb.childLogs}. */
    public static final Path ROOT = Path.of(System.getProperty("patrickdb.childLogs", "target/child-logs")).toAbsolutePath();

    /** How much of each kept log the report shows: enough for the last thing a child did, short enough to read. */
    public static final int TAIL_LINES = 50;

    // The test that runs now. JUnit runs a JVM's tests one at a time unless told otherwise (this
    // project never tells it), so one field serves, even for a child a test starts from another thread.
    private static volatile ChildLogs current;
    private static final Map<Path, ChildLogs> OUTSIDE_TESTS = new ConcurrentHashMap<>();

    private final Path directory;
    private final List<Path> files = new ArrayList<>(); // guarded by this
    private final List<ChildJvm> children = new ArrayList<>(); // guarded by this

    private ChildLogs(Path directory) {
        this.directory = directory;
    }

    /** Logs in {@code directory}, after deleting what an earlier run left there. */
    public static ChildLogs freshIn(Path directory) {
        deleteRecursively(directory);
        return new ChildLogs(directory);
    }

    /** Makes {@code logs} the ones that children started from now on write to. */
    static void begin(ChildLogs logs) {
        current = logs;
    }

    /** No test runs any more: children log under whoever starts them. */
    static void end() {
        current = null;
    }

    /** The logs of the test that runs now, or of the class and method that start a child outside one. */
    static ChildLogs forCurrentTest() {
        ChildLogs logs = current;
        if (logs != null) {
            return logs;
        }
        Path directory = callerOutsideThisPackage()
                .map(frame -> ROOT.resolve(frame.getClassName()).resolve(frame.getMethodName()))
                .orElse(ROOT.resolve("unknown"));
        return OUTSIDE_TESTS.computeIfAbsent(directory, ChildLogs::new);
    }

    private static Optional<StackWalker.StackFrame> callerOutsideThisPackage() {
        String here = ChildLogs.class.getPackageName() + ".";
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !frame.getClassName().startsWith(here))
                .findFirst());
    }

    /** The directory the logs go to. */
    public Path directory() {
        return directory;
    }

    /**
     * A new, empty log file named after {@code name}: {@code name.log}, or {@code name-2.log} and on
     * if the test already started a child of that name.
     */
    public synchronized Path newLogFile(String name) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name + ".log");
        for (int n = 2; files.contains(file); n++) {
            file = directory.resolve(name + "-" + n + ".log");
        }
        Files.write(file, new byte[0]); // truncates what an earlier run left
        files.add(file);
        return file;
    }

    synchronized void started(ChildJvm child) {
        children.add(child);
    }

    /** The log files so far, in the order they were made. */
    public synchronized List<Path> files() {
        return List.copyOf(files);
    }

    /**
     * Ends the test these logs belong to: kills the children it left running (so that no JVM
     * outlives its test and no log grows after this), then deletes the logs if the test passed
     * ({@code failure} empty) or keeps them if it failed.
     *
     * @return for a failed test that started children, a report naming each kept log and showing
     *     its last {@value #TAIL_LINES} lines
     */
    public Optional<String> finish(Optional<Throwable> failure) {
        List<ChildJvm> started;
        List<Path> logs;
        synchronized (this) {
            started = List.copyOf(children);
            logs = List.copyOf(files);
        }
        started.forEach(ChildJvm::close);
        if (failure.isEmpty()) {
            logs.forEach(ChildLogs::delete);
            deleteIfEmpty(directory);
            deleteIfEmpty(directory.getParent()); // the test class's directory, once none of its tests kept logs
            return Optional.empty();
        }
        return logs.isEmpty() ? Optional.empty() : Optional.of(report(logs));
    }

    /** Each log's path and its last {@value #TAIL_LINES} lines. */
    public static String report(List<Path> logs) {
        StringBuilder report = new StringBuilder("The test failed; the logs of its child JVMs are kept:\n");
        logs.forEach(log -> report.append("  ").append(log).append('\n'));
        for (Path log : logs) {
            report.append("---- last ").append(TAIL_LINES).append(" lines of ").append(log).append(" ----\n");
            tail(log).forEach(line -> report.append(line).append('\n'));
        }
        return report.toString();
    }

    /** The last {@value #TAIL_LINES} lines of {@code log}. */
    static List<String> tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read it: " + e + ")");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the log of a passed test", e);
        }
    }

    private static void deleteIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // something else lives there (a kept log of another invocation): leave it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + directory, e);
        }
    }
}
