package io.patrickdb.replication.quorum;

import static org.awaitility.Awaitility.await;

import io.patrickdb.faults.FaultProxy;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.testing.ChildJvm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quorum group of child JVMs with a {@link FaultProxy} on every link: one for each direction
 * between two nodes (node a reaches node b only through proxy a→b), and one in front of each node
 * for clients. The proxies start first, so that their ports can be the addresses the nodes are
 * given; a node that restarts gets a new port, and its proxies are pointed at it again. So a test
 * can cut any link, or isolate a node from all of them, and clients keep one address per node.
 * Public, in chapter 3's test-jar, for chapter 4's clusters of such groups.
 */
public final class QuorumGroup implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("node serving (\\d+)");
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 1); // until the node runs

    private final Path dir;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, FaultProxy> links = new LinkedHashMap<>(); // "a>b"
    private final Map<String, FaultProxy> front = new LinkedHashMap<>();
    private final Map<String, ChildJvm> jvms = new LinkedHashMap<>();
    private final Map<String, List<String>> extraArgs = new LinkedHashMap<>();
    private final Class<?> nodeMain;
    private final List<String> everyNode;
    private QuorumClient statusClient;

    private QuorumGroup(Path dir, int size, Class<?> nodeMain, List<String> everyNode) {
        this.dir = dir;
        this.nodeMain = nodeMain;
        this.everyNode = List.copyOf(everyNode);
        for (int i = 1; i <= size; i++) {
            ids.add("n" + i);
        }
        for (String a : ids) {
            front.put(a, FaultProxy.start(NOWHERE));
            for (String b : ids) {
                if (!a.equals(b)) {
                    links.put(a + ">" + b, FaultProxy.start(NOWHERE));
                }
            }
        }
    }

    /** Starts a group of {@code size} nodes (n1, n2, ...) and waits until it has a leader. */
    static QuorumGroup start(Path dir, int size) throws IOException {
        return start(dir, size, Map.of());
    }

    /**
     * As {@link #start(Path, int)}, with extra arguments for some nodes' {@link QuorumNodeMain}
     * ({@code election-ticks=N}, {@code snapshot-every=N}). Nodes start in the order of
     * {@code extra}'s keys first, then the rest.
     */
    static QuorumGroup start(Path dir, int size, Map<String, List<String>> extra) throws IOException {
        return start(dir, size, extra, QuorumNodeMain.class, List.of());
    }

    /**
     * A group whose nodes run {@code nodeMain} (which takes {@link QuorumNodeMain}'s arguments and
     * prints the same line once it serves), each with the arguments {@code everyNode} after the
     * usual ones: chapter 4 starts its partitioned nodes so.
     */
    public static QuorumGroup start(Path dir, int size, Class<?> nodeMain, List<String> everyNode) throws IOException {
        return start(dir, size, Map.of(), nodeMain, everyNode);
    }

    private static QuorumGroup start(Path dir, int size, Map<String, List<String>> extra, Class<?> nodeMain,
                                     List<String> everyNode) throws IOException {
        QuorumGroup group = new QuorumGroup(dir, size, nodeMain, everyNode);
        group.extraArgs.putAll(extra);
        try {
            List<String> order = new ArrayList<>(extra.keySet());
            group.ids.stream().filter(id -> !order.contains(id)).forEach(order::add);
            for (String id : order) {
                group.launch(id);
            }
            group.awaitLeader();
            return group;
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    private void launch(String id) throws IOException {
        StringBuilder peers = new StringBuilder();
        for (String other : ids) {
            FaultProxy link = links.get(id + ">" + other);
            if (other.equals(id) || link != null) {
                peers.append(peers.length() == 0 ? "" : ",").append(other).append('=')
                        .append(other.equals(id) ? "" : "127.0.0.1:" + link.port());
            }
        }
        ChildJvm jvm = ChildJvm.builder(nodeMain).name(dir.getFileName() + "-" + id)
                .jvmOption("-Xmx256m")
                .systemProperty("org.slf4j.simpleLogger.logFile", "System.out")
                .systemProperty("org.slf4j.simpleLogger.defaultLogLevel", "info")
                .args(dir.resolve(id).toString(), id, peers.toString())
                .args(everyNode.toArray(String[]::new))
                .args(extraArgs.getOrDefault(id, List.of()).toArray(String[]::new))
                .start();
        jvms.put(id, jvm);
        Matcher m = jvm.awaitLine(SERVING, Duration.ofSeconds(60));
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
        front.get(id).retarget(at);
        for (String other : ids) {
            FaultProxy link = links.get(other + ">" + id);
            if (link != null) {
                link.retarget(at);
            }
        }
    }

    public List<String> ids() {
        return ids;
    }

    /**
     * Starts a node that is not a member yet and joins when the group adds it: it gets proxies of
     * its own (a front proxy, which is also the address the others reach it at, and one link to
     * each member), and knows the members' addresses. Returns the address to add it with.
     */
    String startJoining(String id) throws IOException {
        front.put(id, FaultProxy.start(NOWHERE));
        for (String other : ids) {
            links.put(id + ">" + other, FaultProxy.start(NOWHERE));
            links.get(id + ">" + other).retarget(front.get(other).target());
        }
        ids.add(id);
        extraArgs.put(id, List.of("join=true"));
        launch(id);
        return clientAddress(id);
    }

    /** The addresses clients use: one proxy per node, stable across restarts. */
    public List<String> clientAddresses() {
        return ids.stream().map(id -> "127.0.0.1:" + front.get(id).port()).toList();
    }

    public String clientAddress(String id) {
        return "127.0.0.1:" + front.get(id).port();
    }

    public QuorumClient client(Duration deadline) {
        return QuorumClient.create(clientAddresses(), deadline);
    }

    /** The node's status, or empty if it does not answer within a second. */
    public Optional<RaftStatus.Response> status(String id) {
        try {
            return Optional.of(statusClient().status(clientAddress(id)).get(1, java.util.concurrent.TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private synchronized QuorumClient statusClient() {
        if (statusClient == null) {
            statusClient = QuorumClient.create(clientAddresses(), Duration.ofSeconds(1));
        }
        return statusClient;
    }

    /**
     * Waits until a live node leads, and returns it: of the nodes that say they lead, the one of the
     * highest term. (A leader that was cut off or paused may still believe it leads, in an older
     * term, until it hears of the newer one: Raft allows that, and the newer one is the leader.)
     */
    public String awaitLeader() {
        return awaitLeaderAmong(ids);
    }

    /** Waits until a node other than {@code old} leads, as the nodes other than {@code old} say; returns its id. */
    public String awaitLeaderOtherThan(String old) {
        return awaitLeaderAmong(ids.stream().filter(id -> !id.equals(old)).toList());
    }

    /** The newest-term leader among {@code candidates}, once there is one. */
    public String awaitLeaderAmong(List<String> candidates) {
        try {
            return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> newestLeader(candidates), Optional::isPresent).get();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder s = new StringBuilder("no leader among " + candidates + " within 30 s; the nodes:");
            ids.forEach(id -> s.append("\n  ").append(id).append(isRunning(id) ? " " : " (not running) ").append(status(id)));
            throw new AssertionError(s.toString(), e);
        }
    }

    private Optional<String> newestLeader(List<String> candidates) {
        String best = null;
        long bestTerm = -1;
        for (String id : candidates) {
            if (isRunning(id)) {
                Optional<RaftStatus.Response> s = status(id);
                if (s.isPresent() && s.get().role().equals("leader") && s.get().term() > bestTerm) {
                    best = id;
                    bestTerm = s.get().term();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean isRunning(String id) {
        ChildJvm jvm = jvms.get(id);
        return jvm != null && jvm.isAlive();
    }

    public long pid(String id) {
        return jvms.get(id).pid();
    }

    /** SIGKILL. */
    public void kill(String id) throws InterruptedException {
        jvms.get(id).kill();
        front.get(id).retarget(NOWHERE);
        for (String other : ids) {
            FaultProxy link = links.get(other + ">" + id);
            if (link != null) {
                link.retarget(NOWHERE);
            }
        }
    }

    /** Starts a killed node again on its data directory. */
    public void restart(String id) throws IOException {
        launch(id);
    }

    /** SIGSTOP / SIGCONT. */
    public void pause(String id) throws IOException, InterruptedException {
        jvms.get(id).pause();
    }

    public void resume(String id) throws IOException, InterruptedException {
        jvms.get(id).resume();
    }

    /** Cuts every link between {@code id} and the other nodes, both ways (its clients' proxy stays up). */
    public void isolate(String id) {
        partition(List.of(id));
    }

    /** Cuts every link between the nodes of {@code side} and the others, both ways (clients' proxies stay up). */
    public void partition(java.util.Collection<String> side) {
        for (String a : side) {
            for (String other : ids) {
                if (!side.contains(other)) {
                    java.util.stream.Stream.of(links.get(a + ">" + other), links.get(other + ">" + a))
                            .filter(java.util.Objects::nonNull).forEach(FaultProxy::blackhole);
                }
            }
        }
    }

    /** The proxy on the link from {@code from} to {@code to}: what {@code from} sends passes it client to server. */
    FaultProxy link(String from, String to) {
        return links.get(from + ">" + to);
    }

    /** Ends every fault on every proxy. */
    public void heal() {
        links.values().forEach(FaultProxy::heal);
        front.values().forEach(FaultProxy::heal);
    }

    /** The child's log, for a failing test's message. */
    public String log(String id) {
        return jvms.get(id).log();
    }

    @Override
    public void close() {
        if (statusClient != null) {
            statusClient.close();
        }
        jvms.values().forEach(ChildJvm::close);
        links.values().forEach(FaultProxy::close);
        front.values().forEach(FaultProxy::close);
    }
}
