package io.patrickdb.replication;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.replication.protocol.ReplicationStatus;
import io.patrickdb.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replicated node ({@link NodeMain}) in a child JVM of its own, so that a test can kill it
 * with SIGKILL, stop it with SIGSTOP and start it again on the same data directory. Its log
 * lines go to standard output, where the test can wait for them (which kind of resync happened),
 * and to the child's log file, which {@code KeepChildLogs} keeps when the test fails.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("node serving (\\d+)");
    /** What a stub of an exercise throws: a node that logs it will not get any further. */
    static final String UNFINISHED = "UnsupportedOperationException";

    private final String name;
    private final Path dir;
    private final List<String> options;
    private ChildJvm jvm;
    private int port;

    private NodeProcess(String name, Path dir, List<String> options) {
        this.name = name;
        this.dir = dir;
        this.options = List.copyOf(options);
    }

    /** Starts a node on {@code dir} with options such as {@code replica-of=127.0.0.1:7379}. */
    static NodeProcess start(String name, Path dir, String... options) throws IOException {
        NodeProcess node = new NodeProcess(name, dir, List.of(options));
        node.launch(node.options);
        return node;
    }

    private void launch(List<String> opts) throws IOException {
        List<String> args = new ArrayList<>();
        args.add(dir.toString());
        args.addAll(opts);
        jvm = ChildJvm.builder(NodeMain.class).name(name)
                .jvmOption("-Xmx512m")
                .systemProperty("org.slf4j.simpleLogger.logFile", "System.out")
                .systemProperty("org.slf4j.simpleLogger.defaultLogLevel", "info")
                .args(args.toArray(String[]::new))
                .start();
        Matcher m = jvm.awaitLine(SERVING, Duration.ofSeconds(60));
        port = Integer.parseInt(m.group(1));
    }

    /** Starts the node again on the same data directory (a new port), after {@link #kill()}. */
    void restart(String... extraOptions) throws IOException {
        List<String> opts = new ArrayList<>(options);
        opts.addAll(List.of(extraOptions));
        launch(opts);
    }

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    ReplicatedClient client() {
        return ReplicatedClient.connect(ClientOptions.to("127.0.0.1", port).withRequestTimeout(Duration.ofSeconds(20)));
    }

    ReplicationStatus.Response status() {
        try (ReplicatedClient c = client()) {
            return c.status().join();
        }
    }

    /** Waits for a line of the node's log that contains {@code text}; returns it. */
    String awaitLog(String text) {
        String line = jvm.awaitLine(l -> l.contains(text) || l.contains(UNFINISHED), Duration.ofSeconds(60));
        if (!line.contains(text)) {
            throw new AssertionError(name + " stopped on an unwritten part: " + line);
        }
        return line;
    }

    /** How many lines containing {@code text} the node has logged. */
    long lines(String text) {
        return jvm.lines().stream().filter(line -> line.contains(text)).count();
    }

    /** Whether the node has logged a line containing {@code text}. */
    boolean logged(String text) {
        return jvm.lines().stream().anyMatch(line -> line.contains(text));
    }

    void kill() throws InterruptedException {
        jvm.kill();
    }

    void pause() throws IOException, InterruptedException {
        jvm.pause();
    }

    void resume() throws IOException, InterruptedException {
        jvm.resume();
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}
