package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests of the checker on histories whose answer is known by construction.
 *
 * <p>A history is made by running random operations, one at a time, against a plain
 * {@link HashMap}: operation i takes effect at instant 100·(i+1), and is given an invocation
 * up to 250 before that instant and a completion up to 250 after it, so that up to five
 * operations overlap. Some are refused (they do not take effect: a failed outcome), some time
 * out or crash (unknown outcome; they took effect or not). A compare-and-set that finds another
 * value fails, as a real one would. Such a history has a linearization (the instants), so:
 *
 * <ul>
 *   <li>the checker must call it linearizable, key by key and as one history;
 *   <li>after one successful read is changed to return a value nobody ever wrote, it must call
 *       it not linearizable, and must not have placed that read;
 *   <li>it survives a round trip through Patrick-DB's history format.
 * </ul>
 *
 * <p>Reproducible: a fixed seed ({@code -Dpatrickdb.history.seed=N} for others).
 */
@Tag("chapter3.part1")
class LinearizabilityPropertyTest {
    private static final long SEED = Long.getLong("patrickdb.history.seed", 0x11AE_A12L);
    private static final Value NEVER_WRITTEN = Value.of("#never written");   // no value of the pools has '#'

    private static final List<Value> REGISTER_VALUES = List.of(Value.of(1), Value.of(2), Value.of(3));
    private static final List<Value> KV_VALUES = List.of(Value.of("1"), Value.of("2"), Value.of("a b"), Value.EMPTY,
            new Value(new byte[] {0, (byte) 0xff}), Value.of("\t"));
    private static final List<String> KV_KEYS = List.of("a", "b", "\u00fc\u20ac");

    enum Function { READ, WRITE, CAS, APPEND, DELETE }

    /** What happens to an operation; the constants come in the proportions they are picked in. */
    enum Fate {
        OK, REFUSED, TIMED_OUT_APPLIED, TIMED_OUT_LOST, CRASHED_APPLIED, CRASHED_LOST;

        boolean applied() {
            return this == OK || this == TIMED_OUT_APPLIED || this == CRASHED_APPLIED;
        }
    }

    private static final List<Fate> FATES = List.of(Fate.OK, Fate.OK, Fate.OK, Fate.OK, Fate.OK, Fate.OK,
            Fate.REFUSED, Fate.TIMED_OUT_APPLIED, Fate.TIMED_OUT_LOST, Fate.CRASHED_APPLIED, Fate.CRASHED_LOST);

    /** One random operation before it is run: which function, key and value, its timing and fate. */
    record Step(Function function, int key, int value, int lead, int lag, Fate fate) {
    }

    /** The operations of one kind of history: the register's functions on one key, or all on three keys. */
    record Scenario(boolean keyValue, List<Step> steps) {
        History run() {
            return new Execution(this).run();
        }

        Model<?> model() {
            return keyValue ? new KeyValueModel() : new RegisterModel();
        }
    }

    static Gen<Step> steps(boolean keyValue) {
        Gen<Function> function = Generate.pick(keyValue ? List.of(Function.values()) : List.of(Function.READ, Function.WRITE, Function.CAS));
        Gen<Integer> key = Generate.range(0, keyValue ? KV_KEYS.size() - 1 : 0);
        Gen<Integer> value = Generate.range(0, (keyValue ? KV_VALUES : REGISTER_VALUES).size() - 1);
        Gen<int[]> timing = Generate.range(0, 250).zip(Generate.range(0, 250), (lead, lag) -> new int[] {lead, lag});
        return function.zip(key, value, timing, Generate.pick(FATES),
                (f, k, v, t, fate) -> new Step(f, k, v, t[0], t[1], fate));
    }

    static Gen<Scenario> scenarios(int maxOperations) {
        Gen<Scenario> register = lists().of(steps(false)).ofSizeBetween(1, maxOperations).map(s -> new Scenario(false, s));
        Gen<Scenario> keyValue = lists().of(steps(true)).ofSizeBetween(1, maxOperations).map(s -> new Scenario(true, s));
        return register.mix(keyValue);
    }

    /** Runs a scenario's steps against a HashMap, at their instants, and records what clients saw. */
    static final class Execution {
        private final Scenario scenario;
        private final Map<String, Value> store = new HashMap<>();
        private final List<Operation> unnumbered = new ArrayList<>();

        Execution(Scenario scenario) {
            this.scenario = scenario;
        }

        History run() {
            for (int i = 0; i < scenario.steps().size(); i++) {
                unnumbered.add(execute(scenario.steps().get(i), 100L * (i + 1)));
            }
            return numbered();
        }

        private Operation execute(Step step, long instant) {
            String key = scenario.keyValue() ? KV_KEYS.get(step.key()) : JepsenHistoryReader.DEFAULT_KEY;
            List<Value> pool = scenario.keyValue() ? KV_VALUES : REGISTER_VALUES;
            Value value = pool.get(step.value());
            Call call = switch (step.function()) {
                case READ -> new Call.Read();
                case WRITE -> new Call.Write(value);
                case CAS -> new Call.CompareAndSet(value, pool.get((step.value() + 1) % pool.size()));
                case APPEND -> new Call.Append(value);
                case DELETE -> new Call.Delete();
            };
            Fate fate = step.fate();
            Optional<Value> read = Optional.ofNullable(store.get(key));
            boolean casFound = call instanceof Call.CompareAndSet cas && read.equals(Optional.of(cas.expected()));
            if (fate.applied() && (!(call instanceof Call.CompareAndSet) || casFound)) {
                apply(key, call, read);
            }
            long from = instant - step.lead();
            long to = instant + step.lag();
            Outcome outcome = switch (fate) {
                case OK -> call instanceof Call.CompareAndSet && !casFound ? new Outcome.Fail(to)
                        : new Outcome.Ok(call instanceof Call.Read ? read : Optional.empty(), to);
                case REFUSED -> new Outcome.Fail(to);
                case TIMED_OUT_APPLIED, TIMED_OUT_LOST -> Outcome.Unknown.reportedAt(to);
                case CRASHED_APPLIED, CRASHED_LOST -> Outcome.Unknown.neverCompleted();
            };
            return new Operation(-1, -1, key, call, from, outcome);
        }

        private void apply(String key, Call call, Optional<Value> current) {
            if (call instanceof Call.Write write) {
                store.put(key, write.value());
            } else if (call instanceof Call.CompareAndSet cas) {
                store.put(key, cas.replacement());
            } else if (call instanceof Call.Append append) {
                store.put(key, current.orElse(Value.EMPTY).concat(append.suffix()));
            } else if (call instanceof Call.Delete) {
                store.remove(key);
            }
        }

        /** Ids in invocation order; each operation on the first process that is free when it starts. */
        private History numbered() {
            List<Operation> byInvocation = new ArrayList<>(unnumbered);
            byInvocation.sort(Comparator.comparingLong(Operation::invokedAt));
            List<Long> processFreeAt = new ArrayList<>();
            List<Operation> operations = new ArrayList<>();
            for (Operation op : byInvocation) {
                int process = 0;
                while (process < processFreeAt.size() && processFreeAt.get(process) > op.invokedAt()) {
                    process++;
                }
                Operation numbered = new Operation(operations.size(), process, op.key(), op.call(), op.invokedAt(), op.outcome());
                if (process == processFreeAt.size()) {
                    processFreeAt.add(numbered.processFreeAt());
                } else {
                    processFreeAt.set(process, numbered.processFreeAt());
                }
                operations.add(numbered);
            }
            return new History(operations);
        }
    }

    private static CheckResult check(Model<?> model, History history) {
        return new LinearizabilityChecker<>(model, Budget.ofSteps(5_000_000)).check(history);
    }

    @Test
    void aHistoryWithARealLinearizationIsLinearizable() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(scenarios(40)).checkAssert(scenario ->
                assertThat(check(scenario.model(), scenario.run()).verdict()).isEqualTo(Verdict.LINEARIZABLE));
    }

    @Test
    void aReadOfAValueNeverWrittenMakesItNotLinearizableAndIsNotPlaced() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(scenarios(40), Generate.range(0, 1_000))
                .assuming((scenario, choice) -> !successfulReads(scenario.run()).isEmpty())
                .checkAssert((scenario, choice) -> {
                    History history = scenario.run();
                    List<Operation> reads = successfulReads(history);
                    Operation corrupted = corrupt(reads.get(choice % reads.size()));
                    CheckResult result = check(scenario.model(), replace(history, corrupted));
                    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
                    assertThat(result.violations()).singleElement().satisfies(v -> {
                        assertThat(v.key()).isEqualTo(corrupted.key());
                        assertThat(v.longestPrefix()).doesNotContain(corrupted);
                        assertThat(v.candidates()).isNotEmpty();
                    });
                });
    }

    @Test
    void checkingKeyByKeyGivesTheVerdictOfCheckingTheWholeHistory() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(scenarios(12), Generate.range(0, 1_000), Generate.booleans())
                .checkAssert((scenario, choice, corrupt) -> {
                    History history = scenario.run();
                    List<Operation> reads = successfulReads(history);
                    if (corrupt && !reads.isEmpty()) {
                        history = replace(history, corrupt(reads.get(choice % reads.size())));
                    }
                    var checker = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofSteps(5_000_000));
                    assertThat(checker.check(history).verdict()).isEqualTo(checker.checkAsOneHistory(history).verdict());
                });
    }

    @Test
    void aRecordedHistorySurvivesARoundTripThroughTheFormat() {
        qt().withFixedSeed(SEED).withExamples(200).forAll(scenarios(40)).checkAssert(scenario -> {
            History history = scenario.run();
            assertThat(PatrickDbFormat.parse(PatrickDbFormat.format(history).lines().toList()))
                    .isEqualTo(new ParseResult.Parsed(history, HistoryFormat.PATRICKDB));
        });
    }

    private static List<Operation> successfulReads(History history) {
        return history.operations().stream()
                .filter(op -> op.call() instanceof Call.Read && op.outcome() instanceof Outcome.Ok)
                .toList();
    }

    private static Operation corrupt(Operation read) {
        return new Operation(read.id(), read.process(), read.key(), read.call(), read.invokedAt(),
                Outcome.Ok.returning(NEVER_WRITTEN, read.completedAt()));
    }

    private static History replace(History history, Operation replacement) {
        List<Operation> operations = new ArrayList<>(history.operations());
        operations.replaceAll(op -> op.id() == replacement.id() ? replacement : op);
        return new History(operations);
    }
}
