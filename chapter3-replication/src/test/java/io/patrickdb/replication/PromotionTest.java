package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.faults.Direction;
import io.patrickdb.faults.FaultProxy;
import io.patrickdb.testing.KeepChildLogs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Promotion and the second history (PSYNC2), and a leader lost in the middle of a full resync. */
@ExtendWith(KeepChildLogs.class)
class PromotionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    @TempDir
    Path dir;

    @Test
    @Tag("chapter3.part5")
    void afterTheLeaderDiesAPromotedFollowerLeadsAndTheOtherContinuesFromItWithoutAFullResync() throws Exception {
        List<String> keys = FollowerCatchUpTest.keys(2000);
        try (NodeProcess a = NodeProcess.start("a", dir.resolve("a"));
             NodeProcess b = NodeProcess.start("b", dir.resolve("b"), "replica-of=" + a.address());
             NodeProcess c = NodeProcess.start("c", dir.resolve("c"), "replica-of=" + a.address())) {
            FollowerCatchUpTest.writeAll(a, keys, i -> "v" + i);
            FollowerCatchUpTest.awaitCaughtUp(b, a);
            FollowerCatchUpTest.awaitCaughtUp(c, a);
            String oldHistory = a.status().replicationId();
            long fullResyncs = c.lines("starts a full resync"); // its first sync, from empty
            a.kill();

            try (ReplicatedClient onB = b.client(); ReplicatedClient onC = c.client()) {
                onB.replicaOf("").join();
                assertThat(b.status().role()).isEqualTo("leader");
                assertThat(b.status().previousId()).isEqualTo(oldHistory);
                onC.replicaOf(b.address()).join();
                c.awaitLog("continues this node's history " + oldHistory);
                assertThat(c.lines("starts a full resync")).as("c needs no new full resync").isEqualTo(fullResyncs);

                long version = onC.put("after-failover", "written through c".getBytes(StandardCharsets.UTF_8), Duration.ZERO).join();
                assertThat(onC.leader()).as("the write went to the new leader").isEqualTo(b.address());
                await().atMost(PATIENCE).until(() -> onC.get("after-failover").join().value().map(v -> v.version() == version).orElse(false));
                assertThat(Digest.of(c.port(), keys)).isEqualTo(Digest.of(b.port(), keys)).startsWith("2000 keys");
            }
        }
    }

    @Test
    @Tag("chapter3.part3")
    void aFullResyncCutOffMidSnapshotStartsOverAndEndsWithTheLeadersData() throws Exception {
        List<String> keys = FollowerCatchUpTest.keys(100_000);
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"));
             FaultProxy link = FaultProxy.start(new InetSocketAddress("127.0.0.1", leader.port()))) {
            FollowerCatchUpTest.writeAll(leader, keys, i -> "value-" + i + "-" + "x".repeat(80));
            // Each answer 100 ms late: the follower asks for at most one part ahead, so the 40
            // parts of this snapshot take seconds, and the cut below lands in the middle of them
            // (without it, the whole snapshot crossed before the test could cut it).
            link.delay(Direction.SERVER_TO_CLIENT, Duration.ofMillis(100), Duration.ZERO);
            try (NodeProcess follower = NodeProcess.start("follower", dir.resolve("follower"), "replica-of=127.0.0.1:" + link.port())) {
                follower.awaitLog("% of the leader's log read");
                link.pause(Direction.SERVER_TO_CLIENT); // no more of the snapshot gets through ...
                link.resetAll();                        // ... and the leader is gone, in the middle of it
                link.heal();
                await().atMost(PATIENCE).until(() -> follower.lines("starts a full resync") >= 2);
                FollowerCatchUpTest.awaitCaughtUp(follower, leader);
                assertThat(Digest.of(follower.port(), keys)).isEqualTo(Digest.of(leader.port(), keys)).startsWith("100000 keys");
            }
        }
    }
}
