package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The two sequential specifications, one step at a time, and the value semantics of their states. */
@Tag("chapter3.part1")
class ModelsTest {
    private static Operation op(Call call, Outcome outcome) {
        return new Operation(0, 0, "k", call, 0, outcome);
    }

    private static final Outcome OK = Outcome.Ok.nothing(1);
    private static final Outcome UNKNOWN = Outcome.Unknown.neverCompleted();

    @Test
    void theRegisterReadsWhatWasLastWrittenAndNilBefore() {
        RegisterModel model = new RegisterModel();
        RegisterModel.State empty = model.initialState();
        assertThat(model.step(empty, op(new Call.Read(), OK))).contains(empty);
        assertThat(model.step(empty, op(new Call.Read(), Outcome.Ok.returning(Value.EMPTY, 1)))).isEmpty();
        RegisterModel.State one = model.step(empty, op(new Call.Write(Value.of(1)), OK)).orElseThrow();
        assertThat(one).isEqualTo(new RegisterModel.State(Optional.of(Value.of("1"))));
        assertThat(model.step(one, op(new Call.Read(), Outcome.Ok.returning(Value.of(1), 1)))).contains(one);
        assertThat(model.step(one, op(new Call.Read(), Outcome.Ok.returning(Value.of(2), 1)))).isEmpty();
        assertThat(model.step(one, op(new Call.Read(), UNKNOWN))).contains(one);
        assertThat(model.describe(one)).isEqualTo("1");
        assertThat(model.describe(empty)).isEqualTo("nil");
    }

    @Test
    void theRegistersCompareAndSetSucceedsOnlyOnItsExpectedValue() {
        RegisterModel model = new RegisterModel();
        RegisterModel.State one = new RegisterModel.State(Optional.of(Value.of(1)));
        Call casOneToTwo = new Call.CompareAndSet(Value.of(1), Value.of(2));
        Call casThreeToTwo = new Call.CompareAndSet(Value.of(3), Value.of(2));
        assertThat(model.step(one, op(casOneToTwo, OK))).contains(new RegisterModel.State(Optional.of(Value.of(2))));
        assertThat(model.step(one, op(casThreeToTwo, OK))).isEmpty();
        assertThat(model.step(one, op(casThreeToTwo, UNKNOWN))).contains(one);   // it found 1 and did nothing
        assertThat(model.supports(new Call.Append(Value.of("x")))).isFalse();
    }

    @Test
    void theKeyValueMapAppendsDeletesAndTreatsEmptyAsMissing() {
        KeyValueModel model = new KeyValueModel();
        KeyValueModel.State empty = model.initialState();
        KeyValueModel.State ab = model.step(empty, op(new Call.Append(Value.of("a")), OK))
                .flatMap(s -> model.step(s, op(new Call.Append(Value.of("b")), OK)))
                .orElseThrow();
        assertThat(ab).isEqualTo(new KeyValueModel.State(Map.of("k", Value.of("ab"))));
        assertThat(model.step(ab, op(new Call.Read(), Outcome.Ok.returning(Value.of("ab"), 1)))).contains(ab);
        assertThat(model.step(ab, op(new Call.Delete(), OK))).contains(empty);
        assertThat(model.step(ab, op(new Call.Write(Value.EMPTY), OK))).contains(empty);
        assertThat(model.step(empty, op(new Call.Read(), OK))).contains(empty);
        assertThat(model.step(empty, op(new Call.Read(), Outcome.Ok.returning(Value.EMPTY, 1)))).contains(empty);
        assertThat(model.describe(ab)).isEqualTo("{k=ab}");
    }

    @Test
    void statesAreValuesSoEqualStatesHashAlike() {
        KeyValueModel model = new KeyValueModel();
        KeyValueModel.State viaWrite = model.step(model.initialState(), op(new Call.Write(Value.of("ab")), OK)).orElseThrow();
        KeyValueModel.State viaAppends = model.step(model.initialState(), op(new Call.Append(Value.of("a")), OK))
                .flatMap(s -> model.step(s, op(new Call.Append(Value.of("b")), OK)))
                .orElseThrow();
        assertThat(viaWrite).isEqualTo(viaAppends).hasSameHashCodeAs(viaAppends);
        assertThat(new Value(new byte[] {1, 2})).isEqualTo(new Value(new byte[] {1, 2})).hasSameHashCodeAs(new Value(new byte[] {1, 2}));
    }

    @Test
    void valuesShowAsWordsQuotedTextOrHex() {
        assertThat(Value.of(4)).hasToString("4");
        assertThat(Value.of("hello world")).hasToString("\"hello world\"");
        assertThat(Value.EMPTY).hasToString("\"\"");
        assertThat(Value.of("nil")).hasToString("\"nil\"");
        assertThat(new Value(new byte[] {0, (byte) 0xff})).hasToString("0x00ff");
    }
}
