package io.patrickdb.bench.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A 3-member etcd cluster on loopback, run from Debian's {@code etcd} binary: for
 * {@link EtcdFailover}, and for scripts through {@link EtcdGroupMain}.
 *
 * <p>Every setting but the addresses is etcd's default, since the point is to measure etcd as it
 * ships: each write fsynced by the raft log before it is acknowledged, a heartbeat every 100 ms
 * and an election after 1,000 ms without one. Each member has its own data directory and log
 * file under the group's directory. A member can be killed with SIGKILL and restarted on its data
 * with the same command line: etcd reads its membership from the data directory then, and ignores
 * the {@code --initial-*} flags.
 */
public final class EtcdGroup implements AutoCloseable {
    private static final int MEMBERS = 3;
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final ByteSequence PROBE_KEY = ByteSequence.from("etcd-group-probe", StandardCharsets.US_ASCII);

    private final List<Member> members;

    private EtcdGroup(List<Member> members) {
        this.members = List.copyOf(members);
    }

    /**
     * Starts a group with its data and logs under {@code dir}, which must be new or empty (an
     * earlier group's data would bring back its membership, on its old ports), and waits up to
     * {@code timeout} until it is {@linkplain #awaitHealthy healthy}.
     */
    public static EtcdGroup start(Path dir, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(dir + " is not empty: an etcd group needs a new directory");
            }
        }
        int[] ports = freePorts(2 * MEMBERS);
        String initialCluster = IntStream.range(0, MEMBERS).mapToObj(i -> name(i) + "=" + url(ports[2 * i + 1]))
                .collect(Collectors.joining(","));
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(new Member(name(i), url(ports[2 * i]), url(ports[2 * i + 1]), dir, dir.resolve(name(i) + ".log"),
                    initialCluster));
        }
        EtcdGroup group = new EtcdGroup(members);
        try {
            for (Member member : members) {
                member.launch();
            }
            group.awaitHealthy(timeout);
            return group;
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** The members, in the order of their names. */
    public List<Member> members() {
        return members;
    }

    /** The members' client URLs, comma-separated, as {@code --endpoints} takes them. */
    public String endpoints() {
        return members.stream().map(Member::endpoint).collect(Collectors.joining(","));
    }

    /**
     * Waits until every member answers a status request, they all name the same leader, and a
     * linearizable get through each member succeeds: the member then has the leader's confirmation
     * and has applied the log up to it, so a restarted member has caught up.
     */
    public Member awaitHealthy(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        String problem;
        do {
            problem = null;
            long leaderId = 0;
            Member leader = null;
            for (Member member : members) {
                try {
                    StatusResponse status = member.status();
                    if (status.getLeader() == 0 || (leaderId != 0 && status.getLeader() != leaderId)) {
                        problem = member.name + " names leader " + Long.toHexString(status.getLeader());
                        break;
                    }
                    leaderId = status.getLeader();
                    if (status.getHeader().getMemberId() == leaderId) {
                        leader = member;
                    }
                    member.client.getKVClient().get(PROBE_KEY).get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    problem = member.name + ": " + e;
                    break;
                }
            }
            if (problem == null && leader != null) {
                return leader;
            }
            if (problem == null) {
                problem = "no member is the leader they name";
            }
            Thread.sleep(50);
        } while (System.nanoTime() < until);
        throw new IllegalStateException("the etcd group is not healthy after " + timeout.toSeconds() + " s: " + problem
                + " (logs: " + members.get(0).log.getParent() + ")");
    }

    /** Kills {@code member} with SIGKILL, and waits until its process is gone. */
    public void kill(Member member) throws InterruptedException {
        member.process.destroyForcibly();   // SIGKILL on Linux: no chance to flush or say goodbye
        member.process.waitFor();
    }

    /** Starts {@code member} again, on its data directory, after {@link #kill}. */
    public void restart(Member member) throws IOException {
        member.launch();
    }

    /**
     * Stops every member with SIGTERM, waits for it, and SIGKILLs whichever does not stop in time
     * (or every one left, if this thread is interrupted: a member must not outlive the group).
     */
    @Override
    public void close() {
        for (Member member : members) {
            if (member.process != null) {
                member.process.destroy();
            }
        }
        boolean interrupted = false;
        for (Member member : members) {
            Process process = member.process;
            if (process == null) {
                continue;
            }
            try {
                if (interrupted || !process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                process.destroyForcibly();
            }
        }
        for (Member member : members) {
            member.client.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code count} distinct free ports on loopback: each from a socket bound to port 0, all held
     * open until the last is picked, so that no two are the same. Another process may take one
     * before etcd binds it; then a member fails to start, and says so in its log.
     */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String name(int index) {
        return "m" + (index + 1);
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** One member: its addresses, its data and log, its process, and a client of it alone (for status checks). */
    public static final class Member {
        private final String name;
        private final String endpoint;
        private final Path log;
        private final List<String> command;
        private final Client client;
        private volatile Process process;

        private Member(String name, String endpoint, String peerUrl, Path groupDir, Path log, String initialCluster) {
            this.name = name;
            this.endpoint = endpoint;
            this.log = log;
            this.command = List.of("etcd", "--name", name, "--data-dir", groupDir.resolve(name).toString(),
                    "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
                    "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                    "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
                    "--initial-cluster-token", "bench");
            // Idle between checks: jetcd's keep-alive pings without calls would make etcd, which
            // permits none, answer GOAWAY (too_many_pings) and drop the connection.
            this.client = Client.builder().endpoints(endpoint).keepaliveWithoutCalls(false).build();
        }

        /** The member's name, {@code m1} to {@code m3}. */
        public String name() {
            return name;
        }

        /** Its client URL. */
        public String endpoint() {
            return endpoint;
        }

        /** Its current process's id. */
        public long pid() {
            return process.pid();
        }

        private void launch() throws IOException {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        }

        /** The member's own status (jetcd asks the target given, not the client's endpoints). */
        private StatusResponse status() throws ExecutionException, TimeoutException, InterruptedException {
            String target = endpoint.substring("http://".length());
            return client.getMaintenanceClient().statusMember(target).get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
