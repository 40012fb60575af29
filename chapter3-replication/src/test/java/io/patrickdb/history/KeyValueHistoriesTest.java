package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Small key-value histories with known answers: gets, puts, appends and deletes on several keys,
 * checked key by key.
 */
@Tag("chapter3.part1")
class KeyValueHistoriesTest {
    private final HistoryBuilder h = new HistoryBuilder();

    private CheckResult check() {
        return new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofSteps(100_000)).check(h.history());
    }

    @Test
    void aKeyNeverWrittenReadsAsEmptyOrNil() {
        h.on("k").read().returned("", 0, 10);
        h.on("k").read().ok(20, 30);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void appendsConcatenateInTheOrderTheyTookEffect() {
        h.on("k").append("a").ok(0, 10);
        h.on("k").append("b").ok(5, 30);   // concurrent with the next append
        h.on("k").append("c").ok(15, 25);
        h.on("k").read().returned("acb", 40, 50);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aDuplicatedAppendIsNamed() {
        h.on("k").append("x").ok(0, 10);
        Operation doubled = h.on("k").read().returned("xx", 20, 30);
        CheckResult result = check();
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.stateAfterPrefix()).isEqualTo("{k=x}");
            assertThat(v.candidates()).containsExactly(doubled);
        });
    }

    @Test
    void aDeletedKeyReadsAsEmpty() {
        h.on("k").write("v").ok(0, 10);
        h.on("k").delete().ok(20, 30);
        h.on("k").read().returned("", 40, 50);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aValueThatSurvivesItsDeleteIsNamed() {
        h.on("k").write("v").ok(0, 10);
        h.on("k").delete().ok(20, 30);
        Operation resurrected = h.on("k").read().returned("v", 40, 50);
        assertThat(check().violations()).singleElement()
                .satisfies(v -> assertThat(v.candidates()).containsExactly(resurrected));
    }

    @Test
    void aLostWriteOnOneKeyIsReportedForThatKeyAlone() {
        h.on("a").write("1").ok(0, 10);
        h.on("a").read().returned("1", 20, 30);
        h.on("b").write("1").ok(0, 10);
        Operation lost = h.on("b").read().returned("", 20, 30);
        CheckResult result = check();
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.keys()).extracting(KeyResult::key, KeyResult::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", Verdict.LINEARIZABLE),
                org.assertj.core.groups.Tuple.tuple("b", Verdict.NOT_LINEARIZABLE));
        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("b");
            assertThat(v.candidates()).containsExactly(lost);
        });
    }

    @Test
    void theWholeHistoryGetsTheVerdictOfItsKeys() {
        h.on("a").write("1").ok(0, 10);
        h.on("b").write("2").ok(5, 15);
        h.on("a").read().returned("1", 20, 30);
        h.on("b").read().returned("1", 20, 30);   // b never held 1
        LinearizabilityChecker<KeyValueModel.State> checker = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofSteps(100_000));
        assertThat(checker.check(h.history()).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(checker.checkAsOneHistory(h.history()).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void theRegisterModelRefusesAHistoryWithAppends() {
        h.on("k").append("x").ok(0, 10);
        LinearizabilityChecker<RegisterModel.State> checker = new LinearizabilityChecker<>(new RegisterModel(), Budget.unlimited());
        assertThatThrownBy(() -> checker.check(h.history()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the register model has no append");
    }
}
