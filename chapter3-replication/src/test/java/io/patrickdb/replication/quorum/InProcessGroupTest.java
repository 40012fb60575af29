package io.patrickdb.replication.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.MembershipChange;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.testing.RawConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@link QuorumNode}s in one JVM, on real sockets and real files: a leader is elected, a
 * write through it is on every node, a follower redirects, and when the leader goes the other two
 * elect a new one that has every acknowledged write. The child-JVM suites do the same with
 * SIGKILL; this one is quick.
 */
@Tag("chapter3.raft-node")
class InProcessGroupTest {
    @TempDir
    Path dir;

    private final Map<String, QuorumNode> nodes = new LinkedHashMap<>();
    private long snapshotEvery = 100_000;
    private boolean leaseReads;

    @AfterEach
    void closeAll() {
        nodes.values().forEach(QuorumNode::close);
    }

    private void startGroup(String... ids) {
        Map<String, String> unknown = new LinkedHashMap<>();
        for (String id : ids) {
            unknown.put(id, "");
        }
        for (String id : ids) {
            start(id, unknown);
        }
        introduce();
    }

    private QuorumNode start(String id, Map<String, String> peers) {
        QuorumNode.Options options = QuorumNode.Options.of(id, dir.resolve(id), peers).withSnapshotEvery(snapshotEvery);
        QuorumNode node = QuorumNode.start(leaseReads ? options.withLeaseReads() : options, ServerOptions.defaults().withIoThreads(1));
        nodes.put(id, node);
        return node;
    }

    /** Starts node {@code id} again on its data directory (a new port), and tells everyone where it is. */
    private QuorumNode startAgain(String id) {
        Map<String, String> addresses = new LinkedHashMap<>();
        nodes.values().forEach(n -> addresses.put(n.id(), n.address()));
        addresses.put(id, "");
        QuorumNode again = start(id, addresses);
        introduce();
        return again;
    }

    private void introduce() {
        for (QuorumNode a : nodes.values()) {
            for (QuorumNode b : nodes.values()) {
                a.learnPeer(b.id(), b.address());
            }
        }
    }

    private QuorumNode awaitLeader() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<QuorumNode> leaders = new ArrayList<>();
            for (QuorumNode n : nodes.values()) {
                if (n.failure() != null) { // fail now, with the cause (an exercise's stub names itself), not in 10 s
                    throw new AssertionError("node " + n.id() + " stopped: " + n.failure(), n.failure());
                }
                if (n.status().role().equals("leader")) {
                    leaders.add(n);
                }
            }
            return leaders.size() == 1 ? leaders.get(0) : null;
        }, n -> n != null);
    }

    /** How far {@code node} has applied; fails at once, with the cause, if its Raft thread stopped. */
    private static long applied(QuorumNode node) {
        if (node.failure() != null) {
            throw new AssertionError("node " + node.id() + " stopped: " + node.failure(), node.failure());
        }
        return node.status().applied();
    }

    private static BlockingClient client(QuorumNode node) {
        return BlockingClient.connect(ClientOptions.to("127.0.0.1", node.port()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWriteThroughTheLeaderIsOnEveryNodeAndAFollowerForwardsOrRedirects() {
        startGroup("n1", "n2", "n3");
        QuorumNode leader = awaitLeader();
        long version;
        try (BlockingClient c = client(leader)) {
            version = c.put("greeting", utf8("hello"));
            assertThat(c.get("greeting")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(utf8("hello")));
        }
        assertThat(version).as("a key's version is its write's log index").isGreaterThan(1);
        for (QuorumNode n : nodes.values()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> applied(n) >= version);
            assertThat(n.status().commit()).isGreaterThanOrEqualTo(version);
        }
        QuorumNode follower = nodes.values().stream().filter(n -> n != leader).findFirst().orElseThrow();
        try (BlockingClient c = client(follower)) { // chapter 2's client: the follower forwards to the leader
            long other = c.put("other", utf8("x"));
            assertThat(other).isGreaterThan(version);
            assertThat(c.get("other")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(other));
        }
        try (PatrickClient c = PatrickClient.connect(ClientOptions.to("127.0.0.1", follower.port())
                .withProtocol(ReplicationProtocol.v1()))) { // a session write is not forwarded: the answer names the leader
            Response r = c.call(new SessionWrite.Request("me", 1, SessionWrite.Kind.PUT, "k", utf8("v"), 0, 0)).join();
            assertThat(r).isInstanceOfSatisfying(Response.Error.class, e -> {
                assertThat(e.status()).isEqualTo(Status.NOT_LEADER);
                assertThat(e.tags().get(QuorumNode.LEADER_ADDRESS_TAG)).hasValueSatisfying(bytes ->
                        assertThat(Protocol.decode(bytes, BodyReader::string)).isEqualTo(leader.address()));
            });
        }
    }

    @Test
    void onlyTheSoleVoterOfAGroupReadsWithoutAskingItsRaftThreadAndItStopsOnceASecondVoterIsAdded() {
        startGroup("n1");
        QuorumNode n1 = awaitLeader();
        await().atMost(Duration.ofSeconds(5)).until(n1::readsLocally); // once its own term's first entry is applied
        try (BlockingClient c = client(n1)) {
            c.put("k", utf8("before"));
            assertThat(c.get("k")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(utf8("before")));
        }
        QuorumNode n2 = QuorumNode.start(QuorumNode.Options.of("n2", dir.resolve("n2"), Map.of("n1", n1.address(), "n2", ""))
                .joining(), ServerOptions.defaults().withIoThreads(1));
        nodes.put("n2", n2);
        try (PatrickClient c = PatrickClient.connect(ClientOptions.to("127.0.0.1", n1.port()).withProtocol(ReplicationProtocol.v1()))) {
            Response added = c.call(new MembershipChange.Request(MembershipChange.Change.ADD, "n2", n2.address())).join();
            assertThat(added).isInstanceOfSatisfying(MembershipChange.Response.class, r -> assertThat(r.voters())
                    .containsExactlyInAnyOrder("n1", "n2"));
        }
        // The answer can arrive before the Raft thread ends the turn that applied the change; the turn's end says no.
        await().atMost(Duration.ofSeconds(5)).until(() -> !n1.readsLocally()); // two voters, ReadIndex: a round for every read
        assertThat(n2.readsLocally()).isFalse();
        try (BlockingClient c = client(n1)) { // reads still work, through the barrier
            assertThat(c.get("k")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(utf8("before")));
        }
    }

    @Test
    void writesThatArriveInOneReadGoToTheRaftThreadTogetherAndShareOneFsync() throws Exception {
        startGroup("n1");
        QuorumNode n1 = awaitLeader();
        await().atMost(Duration.ofSeconds(5)).until(n1::readsLocally); // its term's first entry is written and applied
        long before = n1.logBatches();
        int writes = 16;
        ByteBuf frames = Unpooled.buffer();
        for (int i = 0; i < writes; i++) {
            Protocol.v1().writeRequest(frames, i, 1, new Request.Put("k" + i, utf8("v" + i), Duration.ZERO));
        }
        byte[] bytes = new byte[frames.readableBytes()];
        frames.readBytes(bytes);
        long last = 0;
        try (RawConnection c = new RawConnection(n1.port())) {
            c.send(bytes); // one write of a few hundred bytes: the event loop reads all of it in one pass
            for (int i = 0; i < writes; i++) {
                Response r = c.readResponse(Protocol.v1());
                assertThat(r).isInstanceOf(Response.Put.class);
                last = Math.max(last, ((Response.Put) r).version());
            }
        }
        long lastVersion = last;
        await().atMost(Duration.ofSeconds(5)).until(() -> n1.appliedAsViewed() >= lastVersion); // the turn that wrote them is over
        assertThat(n1.logBatches() - before).as("batches (fsyncs) for %d writes that arrived together", writes).isEqualTo(1);
    }

    @Test
    void withLeaseReadsTheLeaderReadsWithoutItsRaftThreadWhileTheLeaseHoldsAndAFollowerNever() {
        leaseReads = true;
        startGroup("n1", "n2", "n3");
        QuorumNode leader = awaitLeader();
        await().atMost(Duration.ofSeconds(5)).until(leader::readsLocally); // heartbeats renew the lease every 50 ms
        nodes.values().stream().filter(n -> n != leader).forEach(n -> assertThat(n.readsLocally()).as(n.id()).isFalse());
        for (QuorumNode follower : nodes.values().stream().filter(n -> n != leader).toList()) { // no answers: no renewal
            follower.close();
            nodes.remove(follower.id());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !leader.readsLocally());
    }

    @Test
    void whenTheLeaderStopsTheOthersElectOneThatHasEveryAcknowledgedWrite() {
        startGroup("n1", "n2", "n3");
        QuorumNode leader = awaitLeader();
        try (BlockingClient c = client(leader)) {
            for (int i = 0; i < 200; i++) {
                c.put("key" + i, utf8("value" + i));
            }
        }
        leader.close();
        nodes.remove(leader.id());
        QuorumNode next = awaitLeader();
        assertThat(next.id()).isNotEqualTo(leader.id());
        try (BlockingClient c = client(next)) {
            for (int k = 0; k < 200; k++) {
                int i = k;
                assertThat(c.get("key" + i)).as("key%d", i).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(utf8("value" + i)));
            }
            c.put("after", utf8("failover"));
        }
    }

    @Test
    @Tag("chapter3.part8")
    void aRestartedNodeRebuildsItsStoreFromItsLog() {
        startGroup("n1", "n2", "n3");
        QuorumNode leader = awaitLeader();
        try (BlockingClient c = client(leader)) {
            for (int i = 0; i < 100; i++) {
                c.put("key" + i, utf8("value" + i));
            }
            c.delete("key5");
        }
        QuorumNode follower = nodes.values().stream().filter(n -> n != leader).findFirst().orElseThrow();
        long applied = await().atMost(Duration.ofSeconds(5)).until(() -> applied(follower), a -> a >= 102);
        follower.close();
        nodes.remove(follower.id());
        QuorumNode again = startAgain(follower.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> applied(again) >= applied);
        assertThat(again.status().term()).isGreaterThanOrEqualTo(1);
        assertThat(new String(again.storeForTests().get("key99").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("value99");
        assertThat(again.storeForTests().get("key5")).isEmpty();
    }

    @Test
    @Tag("chapter3.part9")
    void snapshotsCompactTheLogAndARestartedNodeStartsFromTheNewest() throws Exception {
        snapshotEvery = 300;
        startGroup("n1", "n2", "n3");
        QuorumNode leader = awaitLeader();
        try (BlockingClient c = client(leader)) {
            for (int i = 0; i < 1500; i++) {
                c.put("key" + (i % 400), utf8("value" + i));
            }
        }
        QuorumNode follower = nodes.values().stream().filter(n -> n != leader).findFirst().orElseThrow();
        Path snapshots = SnapshotFile.directory(dir.resolve(follower.id()));
        await().atMost(Duration.ofSeconds(10)).until(() -> SnapshotFile.all(snapshots).size() == 2
                && SnapshotFile.indexOf(SnapshotFile.latest(snapshots).orElseThrow()) >= 1200);
        long applied = await().atMost(Duration.ofSeconds(5)).until(() -> applied(follower), a -> a >= 1501);
        follower.close();
        nodes.remove(follower.id());
        QuorumNode again = startAgain(follower.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> applied(again) >= applied);
        for (int k = 0; k < 400; k++) {
            int last = k < 300 ? 1200 + k : 800 + k; // the last write of key k among i = 0..1499
            assertThat(new String(again.storeForTests().get("key" + k).orElseThrow(), StandardCharsets.UTF_8))
                    .as("key%d", k).isEqualTo("value" + last);
        }
    }

    @Test
    @Tag("chapter3.part9")
    void aFollowerBehindTheLeadersCompactedLogGetsTheSnapshotStreamedAndCatchesUp() throws Exception {
        snapshotEvery = 300;
        startGroup("n1", "n2", "n3");
        QuorumNode leader = awaitLeader();
        QuorumNode follower = nodes.values().stream().filter(n -> n != leader).findFirst().orElseThrow();
        follower.close();
        nodes.remove(follower.id());
        try (BlockingClient c = client(leader)) {
            for (int i = 0; i < 2000; i++) {
                c.put("key" + i, new byte[2000]); // 4 MB: a snapshot of several chunks
            }
            c.put("last", utf8("write"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> SnapshotFile.all(SnapshotFile.directory(dir.resolve(leader.id()))).size() == 2);
        QuorumNode again = startAgain(follower.id());
        long target = leader.status().commit();
        await().atMost(Duration.ofSeconds(20)).until(() -> applied(again) >= target);
        assertThat(again.storeForTests().get("last")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("write")));
        assertThat(again.storeForTests().get("key0")).hasValueSatisfying(v -> assertThat(v).hasSize(2000));
        assertThat(SnapshotFile.all(SnapshotFile.directory(dir.resolve(follower.id())))).as("the leader's snapshot, kept").isNotEmpty();
    }
}
