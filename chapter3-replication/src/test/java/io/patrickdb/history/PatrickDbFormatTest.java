package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Patrick-DB's own history format: what it looks like, that it round-trips, and its errors. */
@Tag("chapter3.part1")
class PatrickDbFormatTest {

    private static ParseResult parse(String text) {
        return PatrickDbFormat.parse(text.lines().toList());
    }

    private static History roundTrip(History history) {
        ParseResult parsed = parse(PatrickDbFormat.format(history));
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) parsed).history();
    }

    @Test
    void eventsAreWrittenOnePerLineInTimeOrder() {
        HistoryBuilder h = new HistoryBuilder();
        h.on("greeting").write("hello").ok(1000, 1500);
        h.on("greeting").read().returned("hello", 1200, 1700);
        assertThat(PatrickDbFormat.format(h.history())).isEqualTo("""
                # patrickdb-history v1
                # time\tprocess\ttype\tfunction\tkey\tvalues...
                1000\t0\tinvoke\twrite\ts:greeting\ts:hello
                1200\t1\tinvoke\tread\ts:greeting
                1500\t0\tok\twrite\ts:greeting
                1700\t1\tok\tread\ts:greeting\ts:hello
                """);
    }

    @Test
    void everyOutcomeAndFunctionSurvivesARoundTrip() {
        HistoryBuilder h = new HistoryBuilder();
        h.on("k").write("v").ok(0, 5);
        h.on("k").read().ok(1, 6);
        h.on("k").cas("v", "w").fail(2, 7);
        h.on("k").append("x").unknown(3);
        h.on("k").delete().ok(4, 8);
        History history = h.history();
        assertThat(roundTrip(history)).isEqualTo(history);
    }

    @Test
    void anUnknownOutcomeReportedByItsClientSurvivesARoundTrip() {
        History history = History.of(
                new Operation(0, 7, "k", new Call.Write(Value.of("1")), 10, Outcome.Unknown.reportedAt(20)),
                new Operation(1, 7, "k", new Call.Read(), 30, Outcome.Ok.returning(Value.of("1"), 40)));
        String text = PatrickDbFormat.format(history);
        assertThat(text).contains("20\t7\tinfo\twrite\ts:k\n");
        assertThat(roundTrip(history)).isEqualTo(history);
    }

    @Test
    void arbitraryBytesInKeysAndValuesAreWrittenInHex() {
        Value binary = new Value(new byte[] {0, 9, (byte) 0xff});
        History history = History.of(
                new Operation(0, 1, "\u00fc\u20ac key", new Call.Write(binary), 1, Outcome.Ok.nothing(2)),
                new Operation(1, 1, "tab\there", new Call.Write(Value.of("a\tb")), 3, Outcome.Ok.nothing(4)),
                new Operation(2, 1, "k", new Call.Write(Value.EMPTY), 5, Outcome.Ok.nothing(6)));
        String text = PatrickDbFormat.format(history);
        assertThat(text).contains("x:c3bce282ac206b6579\tx:0009ff", "x:7461620968657265\tx:610962", "s:k\ts:\n");
        assertThat(roundTrip(history)).isEqualTo(history);
    }

    @Test
    void aProcessThatCompletesAndInvokesAtTheSameInstantRoundTrips() {
        History history = History.of(
                new Operation(0, 1, "k", new Call.Write(Value.of("1")), 1, Outcome.Ok.nothing(5)),
                new Operation(1, 1, "k", new Call.Write(Value.of("2")), 5, Outcome.Ok.nothing(9)));
        assertThat(roundTrip(history)).isEqualTo(history);
    }

    @Test
    void recorderHistoriesRoundTrip() {
        long[] now = {0};
        HistoryRecorder recorder = new HistoryRecorder(() -> now[0]++);
        var write = recorder.invoke(1, "k", new Call.Write(Value.of("v")));
        var read = recorder.invoke(2, "k", new Call.Read());
        write.ok();
        read.ok(Value.of("v"));
        recorder.invoke(3, "k", new Call.Append(Value.of("w")));   // never completed
        History history = recorder.history();
        assertThat(roundTrip(history)).isEqualTo(history);
    }

    @Test
    void aFileWithoutTheHeaderIsRefusedAtLineOne() {
        assertThat(parse("0\t1\tinvoke\tread\ts:k\n")).isEqualTo(new ParseResult.Malformed(1,
                "expected the header '# patrickdb-history v1'"));
    }

    @Test
    void parseErrorsNameTheLine() {
        String header = PatrickDbFormat.HEADER + "\n# a comment\n\n";
        assertThat(parse(header + "0\t1\tinvoke\tread\ts:k\n1\t1\tok\tread\ts:k\tnil\n2\t1\tinvoke\tfrobnicate\ts:k\n"))
                .isEqualTo(new ParseResult.Malformed(6, "function must be read, write, cas, append or delete, not 'frobnicate'"));
        assertThat(parse(header + "soon\t1\tinvoke\tread\ts:k\n"))
                .isEqualTo(new ParseResult.Malformed(4, "time must be an integer, not 'soon'"));
        assertThat(parse(header + "0\t1\tinvoke\twrite\ts:k\tv\n"))
                .isEqualTo(new ParseResult.Malformed(4, "a key or value is nil, s:TEXT or x:HEX, not 'v'"));
        assertThat(parse(header + "0\t1\tinvoke\twrite\ts:k\tx:abc\n"))
                .isEqualTo(new ParseResult.Malformed(4, "an x: value must be an even number of hex digits: x:abc"));
        assertThat(parse(header + "0\t1\tinvoke\tread\ts:k\n1\t1\tinvoke\tread\ts:k\n"))
                .isEqualTo(new ParseResult.Malformed(5, "process 1 invokes a read while its read from line 4 is still open"));
        assertThat(parse(header + "0\t1\tok\tread\ts:k\tnil\n"))
                .isEqualTo(new ParseResult.Malformed(4, "process 1 completes a read it never invoked"));
        assertThat(parse(header + "0\t1\tinvoke\tread\ts:k\n1\t1\tok\twrite\ts:k\n"))
                .isEqualTo(new ParseResult.Malformed(5, "process 1 completes a write but invoked a read on line 4"));
        assertThat(parse(header + "0\t1\tinvoke\tcas\ts:k\ts:1\n"))
                .isEqualTo(new ParseResult.Malformed(4, "cas takes 2 values, found 1"));
        assertThat(parse(header + "5\t1\tinvoke\tread\ts:k\n4\t1\tok\tread\ts:k\tnil\n"))
                .isEqualTo(new ParseResult.Malformed(5, "process 1 completes at 4, before it invoked (at 5, line 4)"));
    }

    @Test
    void theReaderRecognisesTheFormatByItsHeader() {
        HistoryBuilder h = new HistoryBuilder();
        h.write("1").ok(0, 1);
        History history = h.history();
        assertThat(HistoryReader.parse(PatrickDbFormat.format(history).lines().toList()))
                .isEqualTo(new ParseResult.Parsed(history, HistoryFormat.PATRICKDB));
        assertThat(HistoryReader.parse(List.of("hello", "world")))
                .isInstanceOfSatisfying(ParseResult.Malformed.class, m -> assertThat(m.message()).startsWith("line 1: not a history"));
    }
}
