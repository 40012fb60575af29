package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reading Jepsen's EDN histories and Jepsen's log lines, and what their errors say. */
@Tag("chapter3.part1")
class JepsenHistoryReaderTest {

    private static History edn(String text) {
        ParseResult result = JepsenHistoryReader.parseEdn(text.lines().toList());
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).history();
    }

    private static ParseResult.Parsed resource(String name) throws IOException, URISyntaxException {
        Path file = Path.of(Objects.requireNonNull(JepsenHistoryReaderTest.class.getResource("/edn/" + name)).toURI());
        return (ParseResult.Parsed) HistoryReader.read(file);
    }

    @Test
    void aKeyValueEventPairBecomesOneOperationTimedByLineNumbers() {
        History history = edn("""
                {:process 0, :type :invoke, :f :put, :key "k", :value "v"}
                {:process 1, :type :invoke, :f :get, :key "k", :value nil}
                {:process 0, :type :ok, :f :put, :key "k", :value "v"}
                {:process 1, :type :ok, :f :get, :key "k", :value "v"}
                """);
        assertThat(history.operations()).containsExactly(
                new Operation(0, 0, "k", new Call.Write(Value.of("v")), 1, Outcome.Ok.nothing(3)),
                new Operation(1, 1, "k", new Call.Read(), 2, Outcome.Ok.returning(Value.of("v"), 4)));
    }

    @Test
    void registerStyleEventsHaveIntegersCasVectorsAndNil() {
        History history = edn("""
                {:process 0 :type :invoke :f :write :value 3}
                {:process 0 :type :ok :f :write :value 3}
                {:process 1 :type :invoke :f :cas :value [3 -4]}
                {:process 1 :type :info :f :cas :value [3 -4]}
                {:process 2 :type :invoke :f :read :value nil}
                {:process 2 :type :ok :f :read :value nil}
                {:process 3 :type :invoke :f :append :key :k :value "x"}
                {:process 3 :type :fail :f :append :key :k :value "x"}
                {:process 4 :type :invoke :f :delete :key 7}
                """);
        assertThat(history.operations()).containsExactly(
                new Operation(0, 0, "register", new Call.Write(Value.of("3")), 1, Outcome.Ok.nothing(2)),
                new Operation(1, 1, "register", new Call.CompareAndSet(Value.of("3"), Value.of("-4")), 3, Outcome.Unknown.reportedAt(4)),
                new Operation(2, 2, "register", new Call.Read(), 5, Outcome.Ok.nothing(6)),
                new Operation(3, 3, "k", new Call.Append(Value.of("x")), 7, new Outcome.Fail(8)),
                new Operation(4, 4, "7", new Call.Delete(), 9, Outcome.Unknown.neverCompleted()));
    }

    @Test
    void nemesisEventsCommentsAndBlankLinesAreSkipped() {
        History history = edn("""
                ; a comment
                {:process :nemesis, :type :info, :f :start, :value nil}

                {:process 0, :type :invoke, :f :read, :value nil, :time 12345, :index 0}
                """);
        assertThat(history.operations()).singleElement().extracting(Operation::invokedAt).isEqualTo(4L);
    }

    @Test
    void stringEscapesAreResolved() {
        History history = edn("{:process 0, :type :invoke, :f :put, :key \"k\", :value \"a\\\"b\\\\c\\n\\u00fc\"}");
        assertThat(history.operations().get(0).call()).isEqualTo(new Call.Write(Value.of("a\"b\\c\n\u00fc")));
    }

    @Test
    void ednParseErrorsNameTheLine() {
        assertThat(JepsenHistoryReader.parseEdn(List.of(
                "{:process 0, :type :invoke, :f :read, :value nil}",
                "{:process 0, :type :ok, :f :read, :value 1",
                "{:process 1}")))
                .isEqualTo(new ParseResult.Malformed(2, "column 43: '{' at column 1 is never closed"));
        assertThat(JepsenHistoryReader.parseEdn(List.of("{:process 0, :type :invoke, :f :txn, :value [[:r 1 nil]]}")))
                .isEqualTo(new ParseResult.Malformed(1, ":f must be one of :read :get :write :put :cas :append :delete, not :txn"));
        assertThat(JepsenHistoryReader.parseEdn(List.of("", "{:process 0, :type :invoke, :f :write, :value 1.5}")))
                .isEqualTo(new ParseResult.Malformed(2, "column 47: not a 64-bit integer: '1.5' (floating-point numbers are not supported)"));
        assertThat(JepsenHistoryReader.parseEdn(List.of("[1 2]")))
                .isEqualTo(new ParseResult.Malformed(1, "expected a map such as {:process 0, :type :invoke, :f :read, :value nil}"));
        assertThat(JepsenHistoryReader.parseEdn(List.of("{:process 0, :type :begin, :f :read}")))
                .isEqualTo(new ParseResult.Malformed(1, ":type must be :invoke, :ok, :fail or :info, not :begin"));
        assertThat(JepsenHistoryReader.parseEdn(List.of("{:process 0, :type :invoke, :f :cas, :value 1}")))
                .isEqualTo(new ParseResult.Malformed(1, "a cas needs :value [expected replacement], not 1"));
        assertThat(JepsenHistoryReader.parseEdn(List.of("{:process 0, :type :invoke, :f :put, :key \"k\", :value nil}")))
                .isEqualTo(new ParseResult.Malformed(1, "a write needs a value, not nil"));
        assertThat(JepsenHistoryReader.parseEdn(List.of(
                "{:process 0, :type :invoke, :f :put, :key \"a\", :value \"1\"}",
                "{:process 0, :type :ok, :f :put, :key \"b\", :value \"1\"}")))
                .isEqualTo(new ParseResult.Malformed(2, "process 0 completes on key b but invoked on key a on line 1"));
    }

    @Test
    void logLinesWithTabsOrSpacesAreReadAndNoiseIsSkipped() {
        ParseResult result = JepsenHistoryReader.parseLog(List.of(
                "INFO  jepsen.core - Running test",
                "INFO  jepsen.util - 3\t:invoke\t:write\t4",
                "INFO  jepsen.util - 0   :invoke :read   nil",
                "INFO  jepsen.util - :nemesis\t:info\t:start\tnil",
                "INFO  jepsen.util - 3\t:ok\t:write\t4",
                "INFO  jepsen.util - 0   :ok     :read   4",
                "INFO  jepsen.util - 7\t:invoke\t:cas\t[2 0]",
                "INFO  jepsen.util - 7\t:fail\t:cas\t[2 0]",
                "INFO  jepsen.util - 9\t:invoke\t:write\t1",
                "INFO  jepsen.util - 9\t:info\t:write\t:timed-out",
                "INFO  jepsen.util - 4\t:invoke\t:read\tnil",
                "INFO  jepsen.util - 4\t:fail\t:read\t:timed-out",
                "INFO  jepsen.util - 5\t:invoke\t:read\tnil"));
        assertThat(result).isEqualTo(new ParseResult.Parsed(new History(List.of(
                new Operation(0, 3, "register", new Call.Write(Value.of(4)), 2, Outcome.Ok.nothing(5)),
                new Operation(1, 0, "register", new Call.Read(), 3, Outcome.Ok.returning(Value.of(4), 6)),
                new Operation(2, 7, "register", new Call.CompareAndSet(Value.of(2), Value.of(0)), 7, new Outcome.Fail(8)),
                new Operation(3, 9, "register", new Call.Write(Value.of(1)), 9, Outcome.Unknown.reportedAt(10)),
                new Operation(4, 4, "register", new Call.Read(), 11, new Outcome.Fail(12)),
                new Operation(5, 5, "register", new Call.Read(), 13, Outcome.Unknown.neverCompleted()))),
                HistoryFormat.JEPSEN_LOG));
    }

    @Test
    void logParseErrorsNameTheLine() {
        assertThat(JepsenHistoryReader.parseLog(List.of(
                "INFO  jepsen.util - 3\t:invoke\t:write\t4",
                "INFO  jepsen.util - 2\t:invoke\t:cas\t[1 2",
                "INFO  jepsen.util - 2\t:ok\t:cas\t[1 2]")))
                .isEqualTo(new ParseResult.Malformed(2, "column 5: '[' at column 1 is never closed"));
        assertThat(JepsenHistoryReader.parseLog(List.of(
                "INFO  jepsen.util - 3\t:invoke\t:write\t4",
                "noise",
                "INFO  jepsen.util - 3\t:invoke\t:read\tnil")))
                .isEqualTo(new ParseResult.Malformed(3, "process 3 invokes a read while its write from line 1 is still open"));
        assertThat(JepsenHistoryReader.parseLog(List.of("INFO  jepsen.util - 3\t:begin\t:write\t4")))
                .isEqualTo(new ParseResult.Malformed(1, ":type must be :invoke, :ok, :fail or :info, not :begin"));
    }

    @Test
    void theReaderRecognisesEdnAndLogs() throws Exception {
        assertThat(resource("kv-linearizable.edn").format()).isEqualTo(HistoryFormat.JEPSEN_EDN);
        assertThat(HistoryFormat.detect(List.of("INFO  jepsen.core - noise first", "INFO  jepsen.util - 3\t:invoke\t:write\t4")))
                .isEqualTo(Optional.of(HistoryFormat.JEPSEN_LOG));
        assertThat(HistoryFormat.detect(List.of("", "   "))).isEmpty();
    }

    @Test
    void theExampleEdnHistoriesGetTheirVerdicts() throws Exception {
        var kv = new LinearizabilityChecker<>(new KeyValueModel(), Budget.ofSteps(100_000));
        assertThat(kv.check(resource("kv-linearizable.edn").history()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        CheckResult stale = kv.check(resource("kv-stale-read.edn").history());
        assertThat(stale.keys()).extracting(KeyResult::verdict).containsExactly(Verdict.NOT_LINEARIZABLE, Verdict.LINEARIZABLE);
        assertThat(stale.violations().get(0).candidates()).extracting(Operation::invokedAt).containsExactly(6L);
        var register = new LinearizabilityChecker<>(new RegisterModel(), Budget.ofSteps(100_000));
        assertThat(register.check(resource("register-cas.edn").history()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }
}
