package io.patrickdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.history.Budget;
import io.patrickdb.history.Call;
import io.patrickdb.history.CheckResult;
import io.patrickdb.history.HistoryRecorder;
import io.patrickdb.history.KeyValueModel;
import io.patrickdb.history.LinearizabilityChecker;
import io.patrickdb.history.Value;
import io.patrickdb.history.Verdict;
import io.patrickdb.index.Versioned;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.replication.quorum.QuorumGroup;
import io.patrickdb.replication.quorum.RecordedWrite;
import io.patrickdb.testing.KeepChildLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three groups of three child JVMs under load through the partitioned client (two clients on each
 * group's keys, so that a client waiting for one group does not hold up another), and the leader of
 * one group killed with SIGKILL: that group's keys pause for its failover and come back, the
 * other groups' keys never stop (no operation on them fails or goes unanswered), and the recorded
 * history, checked key by key with chapter 3's checker, is linearizable: nothing acknowledged is
 * lost, no read sees a value it should not.
 */
@Tag("chapter4.cluster-faults")
@ExtendWith(KeepChildLogs.class)
class ClusterFailoverTest {
    private static final int KEYS_PER_GROUP = 3;
    private static final int CLIENTS = 6;

    @TempDir
    Path dir;

    @Test
    void aLeaderKilledInOneGroupPausesOnlyThatGroupAndTheHistoryIsLinearizable() throws Exception {
        HistoryRecorder history = new HistoryRecorder();
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, AtomicLong> done = new ConcurrentHashMap<>();
        Map<String, AtomicLong> failed = new ConcurrentHashMap<>();
        Map<String, long[]> gaps = new ConcurrentHashMap<>(); // group -> {last success, longest gap} in ns
        List<Thread> clients = new ArrayList<>();
        try (ChildCluster cluster = ChildCluster.start(dir, 3, 3)) {
            Map<String, String> groupOf = new ConcurrentHashMap<>();
            List<String> keys = keysPerGroup(cluster.map(), groupOf);
            List.of("g1", "g2", "g3").forEach(g -> {
                done.put(g, new AtomicLong());
                failed.put(g, new AtomicLong());
                gaps.put(g, new long[] {System.nanoTime(), 0});
            });
            try (PartitionedClient setup = cluster.client(Duration.ofSeconds(10))) {
                for (String key : keys) {
                    HistoryRecorder.OpenOperation init = history.invoke(1_000_000, key, new Call.Write(Value.of("init")));
                    setup.put(key, Value.of("init").bytes(), Duration.ZERO).join();
                    init.ok();
                }
            }
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.add(new Thread(() -> run(cluster, id, keys, groupOf, history, done, failed, gaps, stop), "client-" + c));
            }
            clients.forEach(Thread::start);
            awaitMore(done, "g2", 200);

            QuorumGroup g2 = cluster.group("g2");
            String leader = g2.awaitLeader();
            long g1Before = done.get("g1").get();
            long g3Before = done.get("g3").get();
            long g2Before = done.get("g2").get();
            gaps.values().forEach(g -> {
                synchronized (g) {
                    g[1] = 0; // the longest gaps from the kill on
                }
            });
            g2.kill(leader);
            g2.awaitLeaderOtherThan(leader);
            // The other groups served all along; g2 serves again under its new leader.
            awaitMore(done, "g2", 100);
            assertThat(done.get("g1").get()).isGreaterThan(g1Before);
            assertThat(done.get("g3").get()).isGreaterThan(g3Before);
            assertThat(done.get("g2").get()).isGreaterThan(g2Before);
            g2.restart(leader);
            awaitMore(done, "g1", 100);
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
            try (PartitionedClient last = cluster.client(Duration.ofSeconds(10))) { // every key read once more, at the end
                for (String key : keys) {
                    HistoryRecorder.OpenOperation read = history.invoke(2_000_000, key, new Call.Read());
                    read.ok(last.get(key).join().map(v -> new Value(v.value())));
                }
            }
        }
        CheckResult result = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofTime(Duration.ofSeconds(60)))
                .check(history.history());
        System.out.printf("3 groups of 3, g2's leader killed: %d operations (g1 %d, g2 %d, g3 %d); longest pause between two "
                        + "answers after the kill: g1 %d ms, g2 %d ms, g3 %d ms; failures g1 %d g2 %d g3 %d; %s%n",
                history.history().operations().size(), done.get("g1").get(), done.get("g2").get(), done.get("g3").get(),
                gaps.get("g1")[1] / 1_000_000, gaps.get("g2")[1] / 1_000_000, gaps.get("g3")[1] / 1_000_000,
                failed.get("g1").get(), failed.get("g2").get(), failed.get("g3").get(), result.verdict());
        assertThat(failed.get("g1").get()).as("operations on g1's keys that failed").isZero();
        assertThat(failed.get("g3").get()).as("operations on g3's keys that failed").isZero();
        assertThat(result.verdict()).as("%s", result.violations()).isEqualTo(Verdict.LINEARIZABLE);
    }

    /** {@link #KEYS_PER_GROUP} keys owned by each group, and each key's group. */
    private static List<String> keysPerGroup(ClusterMap map, Map<String, String> groupOf) {
        List<String> keys = new ArrayList<>();
        for (ClusterMap.Group g : map.groups()) {
            for (int i = 0, found = 0; found < KEYS_PER_GROUP; i++) {
                String key = "k" + i;
                if (map.ownerOfKey(key).id().equals(g.id()) && !groupOf.containsKey(key)) {
                    keys.add(key);
                    groupOf.put(key, g.id());
                    found++;
                }
            }
        }
        return keys;
    }

    private static void awaitMore(Map<String, AtomicLong> done, String group, long more) {
        long target = done.get(group).get() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> done.get(group).get() >= target);
    }

    /** One client: random reads, writes, compare-and-sets and appends until told to stop; no answer is an unknown outcome. */
    private static void run(ChildCluster cluster, int id, List<String> keys, Map<String, String> groupOf, HistoryRecorder history,
                            Map<String, AtomicLong> done, Map<String, AtomicLong> failed, Map<String, long[]> gaps,
                            AtomicBoolean stop) {
        Random random = new Random(id);
        long[] process = {id};
        String own = "g" + (1 + id % 3);
        List<String> mine = keys.stream().filter(k -> groupOf.get(k).equals(own)).toList();
        try (PartitionedClient client = cluster.client(Duration.ofSeconds(5))) {
            for (int n = 0; !stop.get(); n++) {
                // Each client works on one group's keys: a client waiting for g2 must not hold up g1 or g3.
                String key = mine.get(random.nextInt(mine.size()));
                String group = groupOf.get(key);
                int dice = random.nextInt(100);
                boolean ok;
                if (dice < 40) {
                    HistoryRecorder.OpenOperation op = history.invoke(process[0], key, new Call.Read());
                    try {
                        Optional<Versioned> v = client.get(key).join();
                        op.ok(v.map(x -> new Value(x.value())));
                        ok = true;
                    } catch (RuntimeException e) {
                        op.unknown();
                        ok = false;
                    }
                } else if (dice < 70) {
                    Value value = Value.of("c" + id + "-" + n);
                    ok = write(history, process[0], key, new Call.Write(value), () -> client.put(key, value.bytes(), Duration.ZERO).join());
                } else if (dice < 85) {
                    HistoryRecorder.OpenOperation read = history.invoke(process[0], key, new Call.Read());
                    Optional<Versioned> seen;
                    try {
                        seen = client.get(key).join();
                        read.ok(seen.map(x -> new Value(x.value())));
                    } catch (RuntimeException e) {
                        read.unknown();
                        seen = null;
                    }
                    if (seen == null) {
                        ok = false;
                    } else {
                        Versioned base = seen.orElseThrow(); // every key was written first and none is deleted
                        Value replacement = Value.of("c" + id + "-" + n + "-cas");
                        ok = write(history, process[0], key, new Call.CompareAndSet(new Value(base.value()), replacement),
                                () -> client.compareAndSet(key, base.version(), replacement.bytes(), Duration.ZERO).join());
                    }
                } else {
                    Value suffix = Value.of("|" + id + "-" + n);
                    ok = write(history, process[0], key, new Call.Append(suffix), () -> client.append(key, suffix.bytes()).join());
                }
                if (ok) {
                    done.get(group).incrementAndGet();
                    long[] gap = gaps.get(group);
                    synchronized (gap) {
                        long now = System.nanoTime();
                        gap[1] = Math.max(gap[1], now - gap[0]);
                        gap[0] = now;
                    }
                } else {
                    failed.get(group).incrementAndGet();
                    process[0] += CLIENTS; // an operation left open: this client goes on as a new process
                }
            }
        }
    }

    /** Sends and records a write (chapter 3's {@link RecordedWrite}); returns whether it was answered. */
    private static boolean write(HistoryRecorder history, long process, String key, Call call, Supplier<SessionWrite.Response> send) {
        return RecordedWrite.record(history, process, key, call, send).isEmpty();
    }
}
