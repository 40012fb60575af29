package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Small register histories, each a story with a known answer: the anomalies replication can
 * produce (stale reads, lost writes, a compare-and-set on a value nobody wrote), and the
 * unknown outcomes that make checking subtle. A non-linearizable one must name the operation
 * that gives it away.
 */
@Tag("chapter3.part1")
class RegisterHistoriesTest {
    private final HistoryBuilder h = new HistoryBuilder();

    private CheckResult check() {
        return new LinearizabilityChecker<>(new RegisterModel(), Budget.ofSteps(100_000)).check(h.history());
    }

    private KeyResult.NotLinearizable violation() {
        CheckResult result = check();
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations()).hasSize(1);
        return result.violations().get(0);
    }

    @Test
    void sequentialWritesAndReadsOfTheLatestValueAreLinearizable() {
        h.read().ok(0, 1);
        h.write("1").ok(2, 3);
        h.read().returned("1", 4, 5);
        h.cas("1", "2").ok(6, 7);
        h.read().returned("2", 8, 9);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aStaleReadIsNamed() {
        Operation w1 = h.write("1").ok(0, 10);
        Operation w2 = h.write("2").ok(20, 30);
        Operation stale = h.read().returned("1", 40, 50);
        KeyResult.NotLinearizable v = violation();
        assertThat(v.longestPrefix()).containsExactly(w1, w2);
        assertThat(v.stateAfterPrefix()).isEqualTo("2");
        assertThat(v.candidates()).containsExactly(stale);
    }

    @Test
    void aLostAcknowledgedWriteIsNamed() {
        Operation write = h.write("1").ok(0, 10);
        Operation readNothing = h.read().ok(20, 30);
        KeyResult.NotLinearizable v = violation();
        assertThat(v.longestPrefix()).containsExactly(write);
        assertThat(v.candidates()).containsExactly(readNothing);
    }

    @Test
    void aCompareAndSetFromAValueNeverPresentIsNamed() {
        h.write("1").ok(0, 10);
        Operation cas = h.cas("2", "3").ok(20, 30);
        assertThat(violation().candidates()).containsExactly(cas);
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        h.write("1").ok(0, 10);
        h.write("2").ok(20, 50);
        h.read().returned("1", 25, 30);
        h.read().returned("2", 35, 40);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void onceAReadHasSeenTheNewValueALaterReadMustNotSeeTheOld() {
        h.write("1").ok(0, 10);
        h.write("2").ok(20, 100);
        h.read().returned("2", 25, 30);
        Operation older = h.read().returned("1", 35, 40);
        assertThat(violation().candidates()).containsExactly(older);
    }

    @Test
    void anUnknownWriteMayTakeEffectLongAfterItsClientGaveUp() {
        h.write("1").unknown(0);
        h.write("2").ok(10, 20);
        h.read().returned("2", 30, 40);
        h.read().returned("1", 50, 60);   // the timed-out write landed here
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void anUnknownWriteMayNeverHappen() {
        h.write("1").unknown(0);
        h.read().ok(10, 20);
        h.write("2").ok(30, 40);
        h.read().returned("2", 50, 60);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void anUnknownWriteCannotExplainAReadThatEndedBeforeItWasInvoked() {
        Operation early = h.read().returned("1", 0, 10);
        h.write("1").unknown(20);
        KeyResult.NotLinearizable v = violation();
        assertThat(v.longestPrefix()).isEmpty();
        assertThat(v.stateAfterPrefix()).isEqualTo("nil");
        assertThat(v.candidates()).containsExactly(early);
    }

    @Test
    void aFailedWriteDidNotHappen() {
        h.write("1").fail(0, 10);
        Operation read = h.read().returned("1", 20, 30);
        assertThat(violation().candidates()).containsExactly(read);
    }

    @Test
    void anUnknownCompareAndSetMayHaveSucceeded() {
        h.write("1").ok(0, 10);
        h.cas("1", "2").unknown(20);
        h.read().returned("2", 30, 40);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void theCandidatesAreEveryOperationThatCouldComeNext() {
        Operation w1 = h.write("1").ok(0, 10);
        Operation r3 = h.read().returned("3", 20, 40);
        Operation r4 = h.read().returned("4", 25, 45);
        KeyResult.NotLinearizable v = violation();
        assertThat(v.longestPrefix()).containsExactly(w1);
        assertThat(v.candidates()).containsExactlyInAnyOrder(r3, r4);
    }

    @Test
    void aLinearizableResultGivesTheOrderItFound() {
        Operation w = h.write("1").ok(0, 100);
        Operation r = h.read().returned("1", 10, 20);
        h.write("9").unknown(200);
        CheckResult result = check();
        assertThat(result.keys()).singleElement()
                .isInstanceOfSatisfying(KeyResult.Linearizable.class, k -> assertThat(k.linearization()).containsExactly(w, r));
    }
}
