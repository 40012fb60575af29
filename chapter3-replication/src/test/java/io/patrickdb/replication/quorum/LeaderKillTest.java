package io.patrickdb.replication.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.index.Versioned;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.testing.KeepChildLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader of a group is killed with SIGKILL again and again while clients write, and comes
 * back as a follower: in a group of 3 one at a time, in a group of 5 two in a row. Every acknowledged write must survive all of it, and every
 * append exactly once: the clients resend a write whose answer was lost, so without sessions an
 * append would show twice. Each kill's failover window (from the kill to the first write sent
 * after it that is acknowledged) is measured and printed.
 */
@Tag("chapter3.raft-faults")
@ExtendWith(KeepChildLogs.class)
class LeaderKillTest {
    private static final int KILLS = Integer.getInteger("raft.kills", 20);
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    /** One writer's acknowledged writes, in the order they were acknowledged. */
    private static final class Writer {
        final int id;
        final Map<String, String> puts = new ConcurrentHashMap<>();
        final List<String> appended = Collections.synchronizedList(new ArrayList<>());
        final List<String> unsure = Collections.synchronizedList(new ArrayList<>()); // appends that failed: may or may not be in

        Writer(int id) {
            this.id = id;
        }

        String list() {
            return "list-" + id;
        }
    }

    /** When a write was sent and when its acknowledgement came, in nanoseconds. */
    private record Ack(long sent, long acknowledged) {
    }

    /**
     * Three nodes, one failure at a time: each kill waits until the node killed before it has
     * caught up, so that the window measured is a healthy group's failover.
     */
    @Test
    void killingTheLeaderLosesNoAcknowledgedWriteAndAppliesEveryAppendOnce() throws Exception {
        killLeaders(3, KILLS, 1, true);
    }

    /**
     * Five nodes, and the leader killed twice in a row: the second kill comes while the first
     * victim is still down, so two of five are down at once, a minority, and nothing may be lost.
     * The next round does not wait for the two to catch up: its kills may come while they are
     * still rejoining, and a rejoining node must count toward a majority like any other.
     */
    @Test
    void killingTwoLeadersOfFiveInARowLosesNoAcknowledgedWriteAndAppliesEveryAppendOnce() throws Exception {
        killLeaders(5, KILLS, 2, false);
    }

    /**
     * Kills the leader {@code kills} times, {@code atOnce} in a row before the dead are restarted;
     * with {@code awaitCatchUp}, the next round waits until they have caught up.
     */
    private void killLeaders(int size, int kills, int atOnce, boolean awaitCatchUp) throws Exception {
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        List<Writer> writers = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> windowsMillis = new ArrayList<>();
        try (QuorumGroup group = QuorumGroup.start(dir, size); QuorumClient client = group.client(Duration.ofSeconds(20))) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Writer writer = new Writer(w);
                writers.add(writer);
                assertThat(client.put(writer.list(), bytes("start"), Duration.ZERO).join().outcome()).isEqualTo(SessionWrite.Outcome.DONE);
                threads.add(new Thread(() -> write(client, writer, acks, stop), "writer-" + w));
            }
            threads.forEach(Thread::start);
            while (windowsMillis.size() < kills) {
                List<String> killed = new ArrayList<>();
                for (int k = 0; k < atOnce && windowsMillis.size() < kills; k++) {
                    int before = acks.size();
                    await().atMost(Duration.ofSeconds(30)).until(() -> acks.size() >= before + 100);
                    String leader = group.awaitLeader();
                    killed.add(leader);
                    windowsMillis.add(killAndMeasure(group, leader, acks, windowsMillis.size() + 1) / 1_000_000);
                }
                for (String id : killed) {
                    group.restart(id);
                }
                if (awaitCatchUp) {
                    String current = group.awaitLeader();
                    long commit = group.status(current).orElseThrow().commit();
                    for (String id : killed) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> group.status(id).map(st -> st.applied() >= commit).orElse(false));
                    }
                }
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            checkEverythingIsThere(client, writers);
        }
        Collections.sort(windowsMillis);
        System.out.printf("leader SIGKILL x%d, group of %d, %d down at once%s: failover window p50 %d ms, p99 %d ms, max %d ms"
                + " (all: %s)%n", kills, size, atOnce, awaitCatchUp ? "" : ", kills while nodes rejoin", percentile(windowsMillis, 50), percentile(windowsMillis, 99),
                windowsMillis.get(windowsMillis.size() - 1), windowsMillis);
        assertThat(windowsMillis).hasSize(kills);
    }

    /** Kills {@code leader} and returns the nanoseconds until the first write sent after the kill is acknowledged. */
    private static long killAndMeasure(QuorumGroup group, String leader, ConcurrentLinkedQueue<Ack> acks, int kill)
            throws InterruptedException {
        long killedAt = System.nanoTime();
        group.kill(leader);
        try {
            return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> firstAckSentAfter(acks, killedAt), Optional::isPresent).get() - killedAt;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder s = new StringBuilder("no write acknowledged within 30 s of killing " + leader + " (kill " + kill
                    + "); the nodes:");
            group.ids().forEach(id -> s.append("\n  ").append(id).append(' ').append(group.status(id)));
            throw new AssertionError(s.toString(), e);
        }
    }

    private static void write(QuorumClient client, Writer writer, ConcurrentLinkedQueue<Ack> acks, AtomicBoolean stop) {
        for (int i = 0; !stop.get(); i++) {
            long sent = System.nanoTime();
            String key = "w" + writer.id + "-" + i;
            String value = "v" + i;
            try {
                if (i % 2 == 0) {
                    client.put(key, bytes(value), Duration.ZERO).join();
                    writer.puts.put(key, value);
                } else {
                    SessionWrite.Response r = client.append(writer.list(), bytes("|" + i)).join();
                    assertThat(r.outcome()).isEqualTo(SessionWrite.Outcome.DONE);
                    writer.appended.add("|" + i);
                }
                acks.add(new Ack(sent, System.nanoTime()));
            } catch (RuntimeException e) {
                if (i % 2 == 1) {
                    writer.unsure.add("|" + i); // not acknowledged within the deadline: it may still be applied, once
                }
            }
        }
    }

    private static Optional<Long> firstAckSentAfter(ConcurrentLinkedQueue<Ack> acks, long t) {
        return acks.stream().filter(a -> a.sent() > t).map(Ack::acknowledged).min(Long::compare);
    }

    private static void checkEverythingIsThere(QuorumClient client, List<Writer> writers) {
        for (Writer w : writers) {
            w.puts.forEach((key, value) -> assertThat(client.get(key).join()).as("acknowledged put of %s", key)
                    .map(v -> new String(v.value(), StandardCharsets.UTF_8)).hasValue(value));
            Versioned list = client.get(w.list()).join().orElseThrow();
            List<String> items = new ArrayList<>(List.of(new String(list.value(), StandardCharsets.UTF_8).replace("start", "")
                    .split("(?=\\|)")));
            items.removeIf(String::isEmpty);
            assertThat(items).as("writer %d's appends, each at most once", w.id).doesNotHaveDuplicates();
            assertThat(items).as("writer %d's acknowledged appends, in order", w.id).containsSubsequence(w.appended);
            List<String> extra = new ArrayList<>(items);
            extra.removeAll(w.appended);
            assertThat(w.unsure).as("appends in the list that were never acknowledged must be ones that failed")
                    .containsAll(extra);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
