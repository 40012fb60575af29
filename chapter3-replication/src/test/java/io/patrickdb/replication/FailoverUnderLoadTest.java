package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.history.Budget;
import io.patrickdb.history.Call;
import io.patrickdb.history.CheckResult;
import io.patrickdb.history.HistoryRecorder;
import io.patrickdb.history.KeyValueModel;
import io.patrickdb.history.LinearizabilityChecker;
import io.patrickdb.history.Value;
import io.patrickdb.history.Verdict;
import io.patrickdb.testing.KeepChildLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover under load, measured: a leader and two followers in child JVMs, eight clients
 * writing as fast as they are answered, the leader killed with SIGKILL in the middle, the
 * furthest follower promoted. How many acknowledged writes are lost depends on the followers'
 * lag at that moment, so the test prints the count rather than expect one; what it asserts holds
 * every time: exactly the acknowledged writes after the promoted follower's offset are lost (a
 * follower holds a prefix of the leader's log), the recorded history is linearizable if and only
 * if none is lost, and with {@code WAIT 1} after each write, none is.
 */
@ExtendWith(KeepChildLogs.class)
@Tag("chapter3.part5")
class FailoverUnderLoadTest {
    private static final int CLIENTS = 8;
    private static final int KILL_AFTER = 4000;
    @TempDir
    Path dir;

    /** A write and the version the leader acknowledged it with. */
    record Acknowledged(String key, String value, long version) {
    }

    @Test
    void theWritesLostAreExactlyThoseAfterThePromotedFollowersOffsetAndTheHistorySaysSo() throws Exception {
        HistoryRecorder history = new HistoryRecorder();
        Result r = failover("plain", false, history);
        System.out.printf("without WAIT: %d writes acknowledged, %d lost (%.1f%%); the promoted follower was %d behind the leader's last acknowledged write%n",
                r.acknowledged.size(), r.lost.size(), 100.0 * r.lost.size() / r.acknowledged.size(), r.lastVersion - r.promotedOffset);
        assertThat(r.lost).allSatisfy(w -> assertThat(w.version()).isGreaterThan(r.promotedOffset));
        assertThat(r.acknowledged).filteredOn(w -> w.version() > r.promotedOffset).containsExactlyInAnyOrderElementsOf(r.lost);

        CheckResult check = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofTime(Duration.ofSeconds(60))).check(history.history());
        assertThat(check.verdict()).isEqualTo(r.lost.isEmpty() ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
        System.out.printf("the checker on the recorded history (%d operations): %s%n", history.history().operations().size(), check.verdict());
    }

    @Test
    void withWaitForOneFollowerAfterEachWriteNoAcknowledgedWriteIsLost() throws Exception {
        Result r = failover("wait", true, new HistoryRecorder());
        System.out.printf("with WAIT 1: %d writes acknowledged, %d lost%n", r.acknowledged.size(), r.lost.size());
        assertThat(r.acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER);
        assertThat(r.lost).isEmpty();
    }

    record Result(List<Acknowledged> acknowledged, List<Acknowledged> lost, long promotedOffset, long lastVersion) {
    }

    private Result failover(String name, boolean waitForOne, HistoryRecorder history) throws Exception {
        try (NodeProcess leader = NodeProcess.start(name + "-leader", dir.resolve(name + "-leader"));
             NodeProcess a = NodeProcess.start(name + "-a", dir.resolve(name + "-a"), "replica-of=" + leader.address());
             NodeProcess b = NodeProcess.start(name + "-b", dir.resolve(name + "-b"), "replica-of=" + leader.address())) {
            Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
            AtomicLong count = new AtomicLong();
            CountDownLatch enough = new CountDownLatch(1);
            AtomicInteger writing = new AtomicInteger(CLIENTS);
            AtomicReference<String> stoppedBy = new AtomicReference<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.execute(() -> {
                    try {
                        write(leader, client, waitForOne, history, acknowledged, count, enough, stoppedBy);
                    } finally {
                        if (writing.decrementAndGet() == 0) {
                            enough.countDown(); // every client stopped: do not wait for a count that will not come
                        }
                    }
                });
            }
            enough.await();
            assertThat(count.get()).as("writes acknowledged before the leader was killed (the clients stopped on: %s)", stoppedBy.get())
                    .isGreaterThanOrEqualTo(KILL_AFTER);
            leader.kill(); // the clients are still writing: what they had in flight fails or stays unknown
            clients.shutdown();
            clients.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);

            NodeProcess furthest = a.status().offset() >= b.status().offset() ? a : b;
            NodeProcess other = furthest == a ? b : a;
            long promotedOffset = furthest.status().offset();
            try (ReplicatedClient onNew = furthest.client(); ReplicatedClient onOther = other.client()) {
                onNew.replicaOf("").join();
                onOther.replicaOf(furthest.address()).join();
                List<Acknowledged> lost = new ArrayList<>();
                for (Acknowledged w : acknowledged.values()) {
                    HistoryRecorder.OpenOperation read = history.invoke(CLIENTS, w.key(), new Call.Read());
                    String found = onNew.get(w.key()).join().value().map(v -> new String(v.value(), StandardCharsets.UTF_8)).orElse("");
                    read.ok(Value.of(found));
                    if (!found.equals(w.value())) {
                        lost.add(w);
                    }
                }
                lost.sort(Comparator.comparingLong(Acknowledged::version));
                long last = acknowledged.values().stream().mapToLong(Acknowledged::version).max().orElse(0);
                return new Result(List.copyOf(acknowledged.values()), lost, promotedOffset, last);
            }
        }
    }

    /** One client: unique keys, one write at a time, until the leader is gone. */
    private static void write(NodeProcess leader, int client, boolean waitForOne, HistoryRecorder history,
                              Map<String, Acknowledged> acknowledged, AtomicLong count, CountDownLatch enough,
                              AtomicReference<String> stoppedBy) {
        try (ReplicatedClient c = leader.client()) {
            for (int i = 0; ; i++) {
                String key = "c" + client + "-" + i;
                String value = "v" + i;
                HistoryRecorder.OpenOperation op = history.invoke(client, key, new Call.Write(Value.of(value)));
                long version;
                try {
                    version = c.put(key, value.getBytes(StandardCharsets.UTF_8), Duration.ZERO).join();
                    if (waitForOne && c.waitForReplicas(1, Duration.ofSeconds(5)).join() < 1) {
                        op.unknown(); // on the leader, but on no follower in time: not acknowledged as replicated
                        continue;
                    }
                } catch (RuntimeException leaderGone) {
                    op.unknown(); // it may or may not have happened
                    stoppedBy.compareAndSet(null, String.valueOf(leaderGone.getMessage()));
                    return;
                }
                op.ok();
                acknowledged.put(key, new Acknowledged(key, value, version));
                if (count.incrementAndGet() == KILL_AFTER) {
                    enough.countDown();
                }
            }
        }
    }
}
