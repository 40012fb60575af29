package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.testing.KeepChildLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Followers in child JVMs of their own catch up with a leader in another: from nothing, after a
 * SIGKILL, after the leader compacted past them, and with deletes in between. Which kind of
 * resync happened is read from the nodes' logs; that the data is the same, from a digest of every
 * key's value and version on both nodes.
 */
@ExtendWith(KeepChildLogs.class)
@Tag("chapter3.part2")
@Tag("chapter3.part3")
class FollowerCatchUpTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    @TempDir
    Path dir;

    static List<String> keys(int n) {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add("key" + i);
        }
        return keys;
    }

    /** Writes {@code value(i)} under key i for every key, a thousand writes in flight at a time. */
    static void writeAll(NodeProcess leader, List<String> keys, IntFunction<String> value) {
        try (ReplicatedClient client = leader.client()) {
            List<CompletableFuture<Long>> inFlight = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                inFlight.add(client.put(keys.get(i), value.apply(i).getBytes(StandardCharsets.UTF_8), Duration.ZERO));
                if (inFlight.size() == 1000) {
                    inFlight.forEach(CompletableFuture::join);
                    inFlight.clear();
                }
            }
            inFlight.forEach(CompletableFuture::join);
        }
    }

    static void awaitCaughtUp(NodeProcess follower, NodeProcess leader) {
        long target = leader.status().offset();
        await().atMost(PATIENCE).until(() -> caughtUp(follower.status(), target));
    }

    /**
     * Whether a follower's status shows it at {@code target}; fails at once if its link is stuck
     * on a part of the exercise that is not written yet, rather than wait for the timeout.
     */
    static boolean caughtUp(io.patrickdb.replication.protocol.ReplicationStatus.Response status, long target) {
        if (status.link().contains(NodeProcess.UNFINISHED)) {
            throw new AssertionError("the follower cannot go on: " + status.link());
        }
        return status.offset() >= target;
    }

    static long compactions(NodeProcess node) {
        try (BlockingClient c = BlockingClient.connect(ClientOptions.to("127.0.0.1", node.port()))) {
            return c.stats().get("compactions");
        }
    }

    @Test
    void aFollowerCatchesUpFromEmptyByFullResyncAfterASigkillByPartialResyncAndAfterACompactionPassedItByFullResync()
            throws Exception {
        List<String> keys = keys(100_000);
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"), "segment-bytes=1048576", "retention-ms=1000")) {
            writeAll(leader, keys, i -> "first-" + i + "-" + "x".repeat(80));
            String digest;
            try (NodeProcess follower = NodeProcess.start("follower", dir.resolve("follower"), "replica-of=" + leader.address())) {
                awaitCaughtUp(follower, leader);
                assertThat(follower.logged("starts a full resync")).as("an empty follower starts with a full resync").isTrue();
                digest = Digest.of(leader.port(), keys);
                assertThat(Digest.of(follower.port(), keys)).isEqualTo(digest).startsWith("100000 keys");

                // Killed while the leader keeps writing, then restarted: it continues from its offset.
                List<String> more = keys(120_000).subList(100_000, 120_000);
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeAll(leader, more, i -> "more-" + i));
                follower.kill();
                writing.join();
                follower.restart();
                awaitCaughtUp(follower, leader);
                follower.awaitLog("following " + leader.address());
                assertThat(follower.logged("starts a full resync")).as("after the restart: partial, not full").isFalse();
                assertThat(leader.logged("partial resync")).isTrue();
                List<String> all = keys(120_000);
                assertThat(Digest.of(follower.port(), all)).isEqualTo(Digest.of(leader.port(), all));

                // Down for longer than the leader keeps its log for it, while the leader compacts.
                follower.kill();
                await().atMost(PATIENCE).until(() -> leader.status().followers().isEmpty());
                long before = compactions(leader);
                for (int round = 0; compactions(leader) == before; round++) {
                    int r = round;
                    writeAll(leader, all, i -> "round-" + r + "-" + i + "-" + "y".repeat(60));
                }
                follower.restart();
                follower.awaitLog("starts a full resync");
                awaitCaughtUp(follower, leader);
                assertThat(Digest.of(follower.port(), all)).isEqualTo(Digest.of(leader.port(), all)).startsWith("120000 keys");
            }
        }
    }

    @Test
    void aKeyDeletedWhileAFollowerIsDownIsGoneOnItAfterItCatchesUpAcrossACompaction() throws Exception {
        List<String> keys = keys(20_000);
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"), "segment-bytes=262144");
             NodeProcess follower = NodeProcess.start("follower", dir.resolve("follower"), "replica-of=" + leader.address())) {
            writeAll(leader, keys, i -> "value-" + i + "-" + "x".repeat(60));
            awaitCaughtUp(follower, leader);
            follower.kill();
            try (ReplicatedClient client = leader.client()) {
                List<CompletableFuture<Boolean>> deletes = new ArrayList<>();
                for (int i = 0; i < keys.size(); i += 4) {
                    deletes.add(client.delete(keys.get(i)));
                }
                deletes.forEach(CompletableFuture::join);
            }
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (i % 4 != 0) {
                    kept.add(keys.get(i));
                }
            }
            long before = compactions(leader);
            for (int round = 0; compactions(leader) == before; round++) {
                int r = round;
                writeAll(leader, kept, i -> "round-" + r + "-" + i + "-" + "y".repeat(60));
            }
            follower.restart();
            awaitCaughtUp(follower, leader);
            assertThat(follower.logged("starts a full resync")).as("the leader kept the log for it: partial resync").isFalse();
            assertThat(Digest.of(follower.port(), keys)).isEqualTo(Digest.of(leader.port(), keys)).startsWith("15000 keys");
        }
    }

    /**
     * The leader compacts its log down to what its followers acknowledged, so what a follower
     * acknowledged must survive the follower's SIGKILL. With {@code --fsync everysec} a follower
     * that acknowledged records still in its append buffer would lose them and then ask for
     * records the leader no longer has: a needless full resync.
     */
    @Test
    void aFollowerKilledUnderLoadContinuesByPartialResyncThoughTheLeaderCompactedDownToWhatItAcknowledged()
            throws Exception {
        List<String> keys = keys(2_000);
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"), "segment-bytes=262144");
             NodeProcess follower = NodeProcess.start("follower", dir.resolve("follower"), "replica-of=" + leader.address(),
                     "fsync=EVERY_SECOND")) {
            writeAll(leader, keys, i -> "first-" + i);
            awaitCaughtUp(follower, leader);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                for (int round = 0; !stop.get(); round++) {
                    int r = round;
                    writeAll(leader, keys, i -> "round-" + r + "-" + i + "-" + "z".repeat(60));
                }
            });
            await().atMost(PATIENCE).until(() -> leader.status().offset() > 40_000);
            follower.kill(); // under the load: it has just applied and acknowledged the latest batches
            long before = compactions(leader);
            await().atMost(PATIENCE).until(() -> compactions(leader) >= before + 2);
            stop.set(true);
            writing.join();
            follower.restart();
            awaitCaughtUp(follower, leader);
            assertThat(follower.logged("starts a full resync")).as("the leader kept what it had not acknowledged: partial resync").isFalse();
            assertThat(Digest.of(follower.port(), keys)).isEqualTo(Digest.of(leader.port(), keys)).startsWith("2000 keys");
        }
    }
}
