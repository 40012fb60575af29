package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.faults.Direction;
import io.patrickdb.faults.FaultProxy;
import io.patrickdb.history.Call;
import io.patrickdb.history.CheckResult;
import io.patrickdb.history.HistoryRecorder;
import io.patrickdb.history.KeyValueModel;
import io.patrickdb.history.LinearizabilityChecker;
import io.patrickdb.history.Budget;
import io.patrickdb.history.Value;
import io.patrickdb.history.Verdict;
import io.patrickdb.index.Versioned;
import io.patrickdb.testing.KeepChildLogs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented negative: what asynchronous replication does not promise, shown with real
 * processes. A write the leader alone acknowledged is lost when the leader dies before its
 * follower has it and the follower is promoted; and reads from a follower, recorded while writes
 * go on, are not linearizable, where reads from the leader are. These are the reasons for part B.
 */
@ExtendWith(KeepChildLogs.class)
@Tag("chapter3.part5")
class FailoverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheLeaderAloneAcknowledgedAreGoneAfterItDiesAndAFollowerIsPromoted() throws Exception {
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"));
             FaultProxy link = FaultProxy.start(new InetSocketAddress("127.0.0.1", leader.port()));
             NodeProcess follower = NodeProcess.start("follower", dir.resolve("follower"), "replica-of=127.0.0.1:" + link.port())) {
            List<String> acknowledged = new ArrayList<>();
            try (ReplicatedClient client = leader.client()) {
                for (int i = 0; i < 1000; i++) {
                    client.put("before-" + i, utf8("v" + i), Duration.ZERO).join();
                    acknowledged.add("before-" + i);
                }
                assertThat(client.waitForReplicas(1, Duration.ofSeconds(30)).join()).isEqualTo(1);
                link.pause(Direction.BOTH); // the follower falls behind, as on a slow or broken link
                for (int i = 0; i < 200; i++) {
                    client.put("after-" + i, utf8("v" + i), Duration.ZERO).join(); // each one: OK from the leader
                    acknowledged.add("after-" + i);
                }
            }
            leader.kill();
            try (ReplicatedClient onFollower = follower.client()) {
                onFollower.replicaOf("").join(); // promote
                assertThat(follower.status().role()).isEqualTo("leader");
                List<String> lost = new ArrayList<>();
                for (String key : acknowledged) {
                    if (onFollower.get(key).join().value().isEmpty()) {
                        lost.add(key);
                    }
                }
                System.out.printf("acknowledged %d writes, lost %d in the failover%n", acknowledged.size(), lost.size());
                assertThat(lost).as("every write after the link stalled was acknowledged and is gone").hasSize(200)
                        .allSatisfy(key -> assertThat(key).startsWith("after-"));
            }
        }
    }

    @Test
    void followerReadsDuringWritesAreNotLinearizableAndLeaderReadsAre() throws Exception {
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"));
             FaultProxy link = FaultProxy.start(new InetSocketAddress("127.0.0.1", leader.port()));
             NodeProcess follower = NodeProcess.start("follower", dir.resolve("follower"), "replica-of=127.0.0.1:" + link.port())) {
            link.delay(Direction.SERVER_TO_CLIENT, Duration.ofMillis(30), Duration.ZERO); // replication lag of a far follower
            await().atMost(PATIENCE).until(() -> "streaming".equals(follower.status().link()));

            CheckResult fromFollower = record(leader, follower, "first-");
            assertThat(fromFollower.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(fromFollower.violations()).isNotEmpty();

            CheckResult fromLeader = record(leader, leader, "second-"); // fresh keys: the model starts from nothing
            assertThat(fromLeader.verdict()).isEqualTo(Verdict.LINEARIZABLE);
        }
    }

    /**
     * Four processes, each writing a fresh value to one of three keys on the leader and then
     * reading a key from {@code reads}, recorded and checked with the key-value model.
     */
    private static CheckResult record(NodeProcess leader, NodeProcess reads, String keyPrefix) {
        HistoryRecorder recorder = new HistoryRecorder();
        List<CompletableFuture<Void>> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int process = p;
            processes.add(CompletableFuture.runAsync(() -> {
                try (ReplicatedClient writer = leader.client(); ReplicatedClient reader = reads.client()) {
                    for (int i = 0; i < 40; i++) {
                        String key = keyPrefix + (i % 3);
                        String value = process + "-" + i;
                        HistoryRecorder.OpenOperation w = recorder.invoke(process, key, new Call.Write(Value.of(value)));
                        writer.put(key, utf8(value), Duration.ZERO).join();
                        w.ok();
                        String readKey = keyPrefix + ((i + process) % 3);
                        HistoryRecorder.OpenOperation r = recorder.invoke(process, readKey, new Call.Read());
                        Optional<Versioned> read = reader.get(readKey).join().value();
                        r.ok(Value.of(read.map(v -> new String(v.value(), StandardCharsets.UTF_8)).orElse("")));
                    }
                }
            }));
        }
        processes.forEach(CompletableFuture::join);
        return new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofTime(Duration.ofSeconds(60))).check(recorder.history());
    }
}
