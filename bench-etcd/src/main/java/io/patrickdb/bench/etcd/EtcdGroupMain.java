package io.patrickdb.bench.etcd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code etcd-bench group DIR}: starts an {@link EtcdGroup} under {@code DIR}, prints one line
 * for a script to read,
 * <pre>etcd endpoints http://127.0.0.1:C1,http://127.0.0.1:C2,http://127.0.0.1:C3 pids P1,P2,P3</pre>
 * and runs until it is stopped. SIGTERM (or SIGINT) stops the members first, through a shutdown
 * hook; SIGKILL would leave them running.
 */
public final class EtcdGroupMain {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private EtcdGroupMain() {
    }

    /** Starts the group in {@code args[0]} and waits for a signal. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: etcd-bench group DIR   (DIR holds the members' data and logs; it must be new)");
            System.exit(2);
        }
        EtcdGroup group;
        try {
            group = EtcdGroup.start(Path.of(args[0]), START_TIMEOUT);
        } catch (IllegalArgumentException | IllegalStateException e) {   // a used directory; a group that never got healthy
            System.err.println("etcd-bench group: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.close();
            stopped.countDown();
        }, "stop-etcd"));
        String pids = group.members().stream().map(m -> Long.toString(m.pid())).collect(Collectors.joining(","));
        System.out.println("etcd endpoints " + group.endpoints() + " pids " + pids);
        System.out.flush();
        stopped.await();   // until the hook has run; the JVM exits after it anyway
    }
}
