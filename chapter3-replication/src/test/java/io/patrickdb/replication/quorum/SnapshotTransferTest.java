package io.patrickdb.replication.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.faults.Direction;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.testing.KeepChildLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that was down while the leader compacted its log past it comes back and gets the
 * snapshot, streamed in chunks over a slow link, and both ends show the transfer's progress in
 * their status while it lasts, as an operator would watch it.
 */
@Tag("chapter3.raft-faults")
@ExtendWith(KeepChildLogs.class)
class SnapshotTransferTest {
    private static final int KEYS = 8_000;

    @TempDir
    Path dir;

    @Test
    void aFollowerBehindTheCompactedLogGetsTheSnapshotAndBothEndsShowItsProgress() throws Exception {
        List<String> everyN = List.of("snapshot-every=2000");
        Map<String, List<String>> args = Map.of("n1", everyN, "n2", everyN, "n3", everyN);
        try (QuorumGroup group = QuorumGroup.start(dir, 3, args); QuorumClient client = group.client(Duration.ofSeconds(20))) {
            String leader = group.awaitLeader();
            String behind = group.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            group.kill(behind);
            byte[] value = new byte[1024];
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                writes.add(client.put("key" + i, value, Duration.ZERO));
                if (writes.size() == 64) {
                    writes.forEach(CompletableFuture::join);
                    writes.clear();
                }
            }
            writes.forEach(CompletableFuture::join);
            // The leader may have changed meanwhile (on a busy machine a leader that hears from no
            // majority for an election timeout steps down): from here on, whoever leads now.
            List<String> live = group.ids().stream().filter(id -> !id.equals(behind)).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> group.status(group.awaitLeaderAmong(live))
                    .map(s -> s.snapshotIndex() >= 4000).orElse(false));
            // Each 1 MiB chunk waits 300 ms on the way, from either node that may lead: the transfer
            // takes seconds, long enough to watch.
            live.forEach(id -> group.link(id, behind).delay(Direction.CLIENT_TO_SERVER, Duration.ofMillis(300), Duration.ZERO));
            group.restart(behind);

            RaftStatus.Peer sending = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> peer(group, group.awaitLeaderAmong(live), behind)
                            .filter(p -> p.snapshotSent() > 0 && p.snapshotSent() < p.snapshotSize()), Optional::isPresent).orElseThrow();
            assertThat(sending.snapshotSize()).as("the snapshot holds the values of 4,000 keys or more: several chunks")
                    .isGreaterThan(4000L * value.length);
            RaftStatus.Response receiving = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> group.status(behind).filter(s -> s.snapshotReceived() > 0), Optional::isPresent).orElseThrow();
            assertThat(receiving.snapshotSize()).isEqualTo(sending.snapshotSize());
            assertThat(receiving.snapshotReceived()).isLessThan(receiving.snapshotSize());

            long commit = group.status(group.awaitLeaderAmong(live)).orElseThrow().commit();
            await().atMost(Duration.ofSeconds(60)).until(() -> group.status(behind).map(s -> s.applied() >= commit).orElse(false));
            await().atMost(Duration.ofSeconds(10)).until(() -> peer(group, group.awaitLeaderAmong(live), behind)
                    .map(p -> p.snapshotSize() == 0).orElse(false)
                    && group.status(behind).map(s -> s.snapshotSize() == 0).orElse(false));
            for (int i = 0; i < KEYS; i += 997) {
                assertThat(client.localGet(group.clientAddress(behind), "key" + i).join().value()).as("key%d on %s", i, behind)
                        .isPresent();
            }
        }
    }

    private static Optional<RaftStatus.Peer> peer(QuorumGroup group, String leader, String id) {
        return group.status(leader).flatMap(s -> s.peers().stream().filter(p -> p.nodeId().equals(id)).findFirst());
    }
}
