package io.patrickdb.replication.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.faults.Direction;
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
import io.patrickdb.testing.KeepChildLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Histories recorded from concurrent clients (get, put, compare-and-set, append on a few keys)
 * while the leader is killed and restarted, cut off and healed, or stopped and resumed, checked
 * for linearizability with chapter 3's checker, with reads by ReadIndex and by lease. And its control: the same checker rejects a history whose reads are
 * the explicit stale option, served by a follower whose link from the leader is slow.
 */
@Tag("chapter3.raft-faults")
@ExtendWith(KeepChildLogs.class)
class LinearizableHistoryTest {
    private static final int KEYS = 4;
    private static final int CLIENTS = 5;
    /** Each client's latest failure, for the message of a test that stalls. */
    private static final java.util.Map<Integer, String> LAST_FAILURE = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    Path dir;

    /** What is done to the leader in one round of a history test. */
    private enum Fault { KILL, ISOLATE, PAUSE }

    @Test
    void historiesUnderKillsAndPartitionsOfTheLeaderAreLinearizable() throws Exception {
        checkUnderFaults(Map.of(), List.of(Fault.KILL, Fault.ISOLATE, Fault.KILL, Fault.ISOLATE));
    }

    /**
     * The same with lease-based reads, and the fault a lease fears most: the leader stopped
     * (SIGSTOP) until another is elected, then resumed with reads waiting for it.
     */
    @Test
    void historiesWithLeaseReadsUnderKillsPausesAndPartitionsAreLinearizable() throws Exception {
        Map<String, List<String>> lease = new java.util.LinkedHashMap<>();
        for (String id : List.of("n1", "n2", "n3")) {
            lease.put(id, List.of("lease-reads=true"));
        }
        checkUnderFaults(lease, List.of(Fault.PAUSE, Fault.KILL, Fault.PAUSE, Fault.ISOLATE));
    }

    private void checkUnderFaults(Map<String, List<String>> nodeArgs, List<Fault> rounds) throws Exception {
        HistoryRecorder history = new HistoryRecorder();
        AtomicLong completed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (QuorumGroup group = QuorumGroup.start(dir, 3, nodeArgs); QuorumClient setup = group.client(Duration.ofSeconds(10))) {
            for (int k = 0; k < KEYS; k++) {
                HistoryRecorder.OpenOperation init = history.invoke(1_000_000, "k" + k, new Call.Write(Value.of("init")));
                setup.put("k" + k, Value.of("init").bytes(), Duration.ZERO).join();
                init.ok();
            }
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.add(new Thread(() -> run(group, id, history, completed, stop), "client-" + c));
            }
            clients.forEach(Thread::start);
            for (Fault fault : rounds) {
                String leader = group.awaitLeader();
                awaitMore(group, completed, 100);
                switch (fault) {
                    case KILL -> group.kill(leader);
                    case ISOLATE -> group.isolate(leader);
                    case PAUSE -> group.pause(leader);
                    default -> throw new IllegalStateException();
                }
                group.awaitLeaderOtherThan(leader);
                awaitMore(group, completed, 100);
                switch (fault) {
                    case KILL -> group.restart(leader);
                    case ISOLATE -> group.heal();
                    case PAUSE -> group.resume(leader);
                    default -> throw new IllegalStateException();
                }
            }
            awaitMore(group, completed, 100);
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
        }
        CheckResult result = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofTime(Duration.ofSeconds(60)))
                .check(history.history());
        System.out.printf("quorum group (%s) under %s: %d operations, %s%n", nodeArgs.isEmpty() ? "ReadIndex" : "lease reads",
                rounds, history.history().operations().size(), result.verdict());
        assertThat(result.verdict()).as("%s", result.violations()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void theControlStaleFollowerReadsAreRejected() throws Exception {
        HistoryRecorder history = new HistoryRecorder();
        try (QuorumGroup group = QuorumGroup.start(dir, 3); QuorumClient client = group.client(Duration.ofSeconds(10))) {
            String leader = group.awaitLeader();
            String follower = group.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            group.link(leader, follower).delay(Direction.CLIENT_TO_SERVER, Duration.ofMillis(300), Duration.ZERO);
            for (int i = 0; i < 20; i++) {
                HistoryRecorder.OpenOperation write = history.invoke(1, "k", new Call.Write(Value.of("v" + i)));
                client.put("k", Value.of("v" + i).bytes(), Duration.ZERO).join();
                write.ok();
                HistoryRecorder.OpenOperation read = history.invoke(1, "k", new Call.Read());
                Optional<Versioned> seen = client.localGet(group.clientAddress(follower), "k").join().value();
                read.ok(seen.map(v -> new Value(v.value())));
            }
        }
        CheckResult result = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofTime(Duration.ofSeconds(60)))
                .check(history.history());
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    /** One client: random operations until told to stop; an operation without an answer is unknown, and the client takes a new process id. */
    private static void run(QuorumGroup group, int id, HistoryRecorder history, AtomicLong completed, AtomicBoolean stop) {
        Random random = new Random(id);
        long process = id;
        try (QuorumClient client = group.client(Duration.ofSeconds(3))) {
            for (int n = 0; !stop.get(); n++) {
                String key = "k" + random.nextInt(KEYS);
                int dice = random.nextInt(100);
                if (dice < 40) {
                    HistoryRecorder.OpenOperation op = history.invoke(process, key, new Call.Read());
                    try {
                        Optional<Versioned> v = client.get(key).join();
                        op.ok(v.map(x -> new Value(x.value())));
                    } catch (RuntimeException e) {
                        op.unknown();
                        process += CLIENTS;
                        LAST_FAILURE.put(id, System.nanoTime() / 1_000_000 + " get: " + e);
                    }
                } else if (dice < 65) {
                    Value value = Value.of("c" + id + "-" + n);
                    process = write(history, process, key, new Call.Write(value), () -> client.put(key, value.bytes(), Duration.ZERO).join());
                } else if (dice < 80) {
                    Optional<Versioned> seen;
                    HistoryRecorder.OpenOperation read = history.invoke(process, key, new Call.Read());
                    try {
                        seen = client.get(key).join();
                        read.ok(seen.map(x -> new Value(x.value())));
                    } catch (RuntimeException e) {
                        read.unknown();
                        process += CLIENTS;
                        continue;
                    }
                    Versioned base = seen.orElseThrow(); // every key was written first and none is deleted
                    Value replacement = Value.of("c" + id + "-" + n + "-cas");
                    process = write(history, process, key, new Call.CompareAndSet(new Value(base.value()), replacement),
                            () -> client.compareAndSet(key, base.version(), replacement.bytes(), Duration.ZERO).join());
                } else {
                    Value suffix = Value.of("|" + id + "-" + n);
                    process = write(history, process, key, new Call.Append(suffix), () -> client.append(key, suffix.bytes()).join());
                }
                completed.incrementAndGet();
            }
        }
    }

    /** Sends and records a write ({@link RecordedWrite}); returns the process id to go on with: a new one after no answer. */
    private static long write(HistoryRecorder history, long process, String key, Call call,
                              java.util.function.Supplier<SessionWrite.Response> send) {
        Optional<RuntimeException> failure = RecordedWrite.record(history, process, key, call, send);
        if (failure.isEmpty()) {
            return process;
        }
        LAST_FAILURE.put((int) (process % CLIENTS), System.nanoTime() / 1_000_000 + " " + call + ": " + failure.get());
        return process + CLIENTS;
    }

    private static void awaitMore(QuorumGroup group, AtomicLong completed, long more) {
        long target = completed.get() + more;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() >= target);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder s = new StringBuilder("the clients stalled at " + completed.get() + " operations; the nodes:");
            group.ids().forEach(id -> s.append("\n  ").append(id).append(' ').append(group.status(id)));
            s.append("\nnow ").append(System.nanoTime() / 1_000_000).append("; the clients' last failures:");
            LAST_FAILURE.forEach((client, failure) -> s.append("\n  ").append(client).append(": ").append(failure));
            throw new AssertionError(s.toString(), e);
        }
    }
}
