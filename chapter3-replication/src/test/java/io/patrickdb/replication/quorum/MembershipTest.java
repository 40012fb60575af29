package io.patrickdb.replication.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.replication.protocol.MembershipChange;
import io.patrickdb.testing.KeepChildLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes on a running group of child JVMs, while a client writes: a new node joins
 * (a learner first, a voter once it has caught up) and its vote is then needed to elect a leader;
 * a dead node is removed, which is how an operator replaces a machine; and removing the leader
 * hands the leadership to another node. No acknowledged write is lost on the way.
 */
@Tag("chapter3.raft-faults")
@ExtendWith(KeepChildLogs.class)
class MembershipTest {
    @TempDir
    Path dir;

    @Test
    void aNodeAddedUnderLoadCatchesUpAndVotesAndRemovingNodesTheLeaderIncludedLosesNothing() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (QuorumGroup group = QuorumGroup.start(dir, 3); QuorumClient client = group.client(Duration.ofSeconds(20))) {
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        client.put("key" + i, ("value" + i).getBytes(StandardCharsets.UTF_8), Duration.ZERO).join();
                        acknowledged.put("key" + i, "value" + i);
                    } catch (RuntimeException e) {
                        // not acknowledged: nothing is promised about it
                    }
                }
            }, "writer");
            writer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 500);

            String address = group.startJoining("n4");
            MembershipChange.Response added = client.membership(MembershipChange.Change.ADD, "n4", address).join();
            assertThat(added.voters()).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
            assertThat(added.learners()).isEmpty();
            String leader = group.awaitLeader();
            long commit = group.status(leader).orElseThrow().commit();
            await().atMost(Duration.ofSeconds(30)).until(() -> group.status("n4").map(s -> s.applied() >= commit).orElse(false));

            // Four voters: three make a majority. With the leader dead, n4's vote is one of the three.
            group.kill(leader);
            String next = group.awaitLeaderOtherThan(leader);
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 200);

            MembershipChange.Response withoutDead = client.membership(MembershipChange.Change.REMOVE, leader, "").join();
            assertThat(withoutDead.voters()).hasSize(3).doesNotContain(leader);

            MembershipChange.Response withoutLeader = client.membership(MembershipChange.Change.REMOVE, next, "").join();
            assertThat(withoutLeader.voters()).hasSize(2).doesNotContain(next);
            String last = group.awaitLeaderOtherThan(next);
            assertThat(List.of(leader, next)).doesNotContain(last);
            int after = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= after + 200);
            stop.set(true);
            writer.join(30_000);

            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(client.get(e.getKey()).join()).as(e.getKey())
                        .map(v -> new String(v.value(), StandardCharsets.UTF_8)).hasValue(e.getValue());
            }
            System.out.printf("membership changes under load: %d writes acknowledged, none lost%n", acknowledged.size());
        }
    }
}
