package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Recording histories: times, outcomes, the rules, and many threads at once. */
@Tag("chapter3.part1")
class HistoryRecorderTest {
    private long now;
    private final HistoryRecorder recorder = new HistoryRecorder(() -> now++);

    @Test
    void recordsInvocationAndCompletionTimesAndOutcomes() {
        var write = recorder.invoke(1, "k", new Call.Write(Value.of("v")));   // at 0
        var read = recorder.invoke(2, "k", new Call.Read());                  // at 1
        write.ok();                                                           // at 2
        read.ok(Value.of("v"));                                               // at 3
        recorder.invoke(1, "k", new Call.Delete()).fail();                    // 4, 5
        recorder.invoke(1, "k", new Call.Append(Value.of("x"))).unknown();    // 6, 7
        assertThat(recorder.history().operations()).containsExactly(
                new Operation(0, 1, "k", new Call.Write(Value.of("v")), 0, Outcome.Ok.nothing(2)),
                new Operation(1, 2, "k", new Call.Read(), 1, Outcome.Ok.returning(Value.of("v"), 3)),
                new Operation(2, 1, "k", new Call.Delete(), 4, new Outcome.Fail(5)),
                new Operation(3, 1, "k", new Call.Append(Value.of("x")), 6, Outcome.Unknown.reportedAt(7)));
    }

    @Test
    void anOperationNeverCompletedIsUnknown() {
        recorder.invoke(1, "k", new Call.Write(Value.of("v")));
        assertThat(recorder.history().operations()).singleElement()
                .satisfies(op -> {
                    assertThat(op.outcome()).isEqualTo(Outcome.Unknown.neverCompleted());
                    assertThat(op.completedAt()).isEqualTo(Long.MAX_VALUE);
                });
    }

    @Test
    void aProcessRunsOneOperationAtATime() {
        recorder.invoke(1, "k", new Call.Read());
        assertThatThrownBy(() -> recorder.invoke(1, "k", new Call.Read()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("process 1 still has op 0 open");
    }

    @Test
    void anOperationIsCompletedOnce() {
        var read = recorder.invoke(1, "k", new Call.Read());
        read.ok();
        assertThatThrownBy(read::fail).isInstanceOf(IllegalStateException.class).hasMessageContaining("already completed");
    }

    /**
     * Eight threads run random operations on a map guarded by one lock, which is linearizable by
     * construction, and record them with the real clock: whatever the interleaving, the checker
     * must find the history linearizable.
     */
    @Test
    void threadsRunningAgainstALockedMapRecordALinearizableHistory() throws Exception {
        HistoryRecorder shared = new HistoryRecorder();
        Map<String, Value> map = new HashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int process = 0; process < 8; process++) {
                long p = process;
                clients.add(threads.submit(() -> runClient(p, shared, map)));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            threads.shutdownNow();
        }
        History history = shared.history();
        assertThat(history.size()).isEqualTo(8 * 200);
        CheckResult result = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofSteps(50_000_000)).check(history);
        assertThat(result.verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    private static void runClient(long process, HistoryRecorder recorder, Map<String, Value> map) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            String key = "k" + random.nextInt(4);
            Value value = Value.of(process + "." + i);
            if (random.nextBoolean()) {
                var op = recorder.invoke(process, key, new Call.Read());
                Optional<Value> read;
                synchronized (map) {
                    read = Optional.ofNullable(map.get(key));
                }
                op.ok(read);
            } else {
                var op = recorder.invoke(process, key, new Call.Append(value));
                synchronized (map) {
                    map.merge(key, value, Value::concat);
                }
                op.ok();
            }
        }
    }
}
