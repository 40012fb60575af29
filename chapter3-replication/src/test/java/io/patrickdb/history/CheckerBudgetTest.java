package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A history built to be hard: many concurrent writes of different values and then a read of a
 * value none of them wrote. Every order of the writes leads to a different (set, state) pair, so
 * memoisation does not help and the search is exponential. The budget must stop it.
 */
@Tag("chapter3.part1")
class CheckerBudgetTest {

    private static History manyConcurrentWritesThenAnImpossibleRead(int writes) {
        HistoryBuilder h = new HistoryBuilder();
        for (int i = 0; i < writes; i++) {
            h.write(Integer.toString(i)).ok(i, 1_000);
        }
        h.read().returned("never written", 500, 2_000);
        return h.history();
    }

    @Test
    void aSearchThatRunsOutOfStepsAnswersUnknown() {
        CheckResult result = new LinearizabilityChecker<>(new RegisterModel(), Budget.ofSteps(10_000))
                .check(manyConcurrentWritesThenAnImpossibleRead(24));
        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.keys()).singleElement().isInstanceOfSatisfying(KeyResult.Undecided.class,
                undecided -> assertThat(undecided.steps()).isEqualTo(10_000));
    }

    @Test
    void aSearchThatRunsOutOfTimeAnswersUnknown() {
        CheckResult result = new LinearizabilityChecker<>(new RegisterModel(), Budget.ofTime(Duration.ofMillis(20)))
                .check(manyConcurrentWritesThenAnImpossibleRead(40));
        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void theSameHistoryWithFewWritesIsDecided() {
        CheckResult result = new LinearizabilityChecker<>(new RegisterModel(), Budget.ofSteps(1_000_000))
                .check(manyConcurrentWritesThenAnImpossibleRead(6));
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aViolationOnOneKeyIsReportedEvenIfAnotherKeyRanOutOfBudget() {
        HistoryBuilder h = new HistoryBuilder();
        h.on("a").write("1").ok(0, 10);
        h.on("a").read().ok(20, 30);   // lost write on a, found at once
        for (int i = 0; i < 24; i++) {
            h.on("b").write(Integer.toString(i)).ok(i, 1_000);
        }
        h.on("b").read().returned("never written", 500, 2_000);
        CheckResult result = new LinearizabilityChecker<>(new RegisterModel(), Budget.ofSteps(10_000)).check(h.history());
        assertThat(result.keys()).extracting(KeyResult::verdict).containsExactly(Verdict.NOT_LINEARIZABLE, Verdict.UNKNOWN);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }
}
