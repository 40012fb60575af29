package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rules every history obeys, and how it splits by key. */
@Tag("chapter3.part1")
class HistoryTest {
    private static Operation read(int id, long process, long from, Outcome outcome) {
        return new Operation(id, process, "k", new Call.Read(), from, outcome);
    }

    @Test
    void operationsAreKeptInInvocationOrder() {
        Operation late = read(0, 1, 50, Outcome.Ok.nothing(60));
        Operation early = read(1, 2, 10, Outcome.Ok.nothing(20));
        assertThat(History.of(late, early).operations()).containsExactly(early, late);
    }

    @Test
    void aProcessCannotStartAnOperationWhileOneIsOpen() {
        assertThatThrownBy(() -> History.of(read(0, 1, 0, Outcome.Ok.nothing(10)), read(1, 1, 5, Outcome.Ok.nothing(20))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("process 1 invokes op 1 at 5 while its op 0 is still open");
        assertThatThrownBy(() -> History.of(read(0, 1, 0, Outcome.Unknown.neverCompleted()), read(1, 1, 5, Outcome.Ok.nothing(20))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProcessMayGoOnOnceItHasGivenUpOnAnOperation() {
        History history = History.of(read(0, 1, 0, Outcome.Unknown.reportedAt(4)), read(1, 1, 5, Outcome.Ok.nothing(20)));
        assertThat(history.size()).isEqualTo(2);
    }

    @Test
    void idsAreUniqueAndCompletionsComeAfterInvocations() {
        assertThatThrownBy(() -> History.of(read(0, 1, 0, Outcome.Ok.nothing(1)), read(0, 2, 0, Outcome.Ok.nothing(1))))
                .hasMessage("two operations have the id 0");
        assertThatThrownBy(() -> read(0, 1, 10, Outcome.Ok.nothing(5)))
                .hasMessage("operation 0 completes at 5, before its invocation at 10");
    }

    @Test
    void aHistorySplitsIntoOneHistoryPerKeyInKeyOrder() {
        HistoryBuilder h = new HistoryBuilder();
        Operation b = h.on("b").write("1").ok(0, 1);
        Operation a1 = h.on("a").write("1").ok(2, 3);
        Operation a2 = h.on("a").read().returned("1", 4, 5);
        assertThat(h.history().byKey()).containsExactly(
                org.assertj.core.api.Assertions.entry("a", History.of(a1, a2)),
                org.assertj.core.api.Assertions.entry("b", History.of(b)));
    }
}
