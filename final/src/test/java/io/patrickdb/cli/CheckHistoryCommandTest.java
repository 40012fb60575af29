package io.patrickdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.history.Call;
import io.patrickdb.history.History;
import io.patrickdb.history.Operation;
import io.patrickdb.history.Outcome;
import io.patrickdb.history.PatrickDbFormat;
import io.patrickdb.history.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patrickdb check-history}, run through the program's entry point on files: the verdict on
 * the first line, the per-key report, and the exit code.
 */
@Tag("final.check-history")
class CheckHistoryCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> command = new ArrayList<>(List.of("check-history"));
        command.addAll(List.of(args));
        return Main.run(command, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static final String LINEARIZABLE_LOG = """
            INFO  jepsen.core - noise
            INFO  jepsen.util - 0\t:invoke\t:write\t1
            INFO  jepsen.util - 0\t:ok\t:write\t1
            INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2]
            INFO  jepsen.util - 1\t:ok\t:cas\t[1 2]
            INFO  jepsen.util - 2\t:invoke\t:read\tnil
            INFO  jepsen.util - 2\t:ok\t:read\t2
            """;

    private static final String STALE_READ_LOG = """
            INFO  jepsen.util - 0\t:invoke\t:write\t1
            INFO  jepsen.util - 0\t:ok\t:write\t1
            INFO  jepsen.util - 1\t:invoke\t:write\t2
            INFO  jepsen.util - 1\t:ok\t:write\t2
            INFO  jepsen.util - 3\t:invoke\t:cas\t[4 0]
            INFO  jepsen.util - 3\t:fail\t:cas\t[4 0]
            INFO  jepsen.util - 2\t:invoke\t:read\tnil
            INFO  jepsen.util - 2\t:ok\t:read\t1
            """;

    @Test
    void aLinearizableLogExitsZero() throws IOException {
        assertThat(run(file("ok.log", LINEARIZABLE_LOG).toString())).isZero();
        assertThat(out()).startsWith("linearizable\n")
                .contains("ok.log: Jepsen log, 3 operations on 1 key(s), checked with the register model")
                .contains("key register: 3 operations to place, linearizable");
        assertThat(err()).isEmpty();
    }

    @Test
    void aStaleReadExitsOneAndNamesTheReadWithItsLines() throws IOException {
        assertThat(run(file("stale.log", STALE_READ_LOG).toString())).isEqualTo(1);
        assertThat(out()).isEqualTo("""
                not linearizable
                stale.log: Jepsen log, 4 operations on 1 key(s), checked with the register model
                key register: 3 operations to place (of 4; dropped: 1 failed, 0 unknown reads), NOT linearizable
                  longest linearizable prefix: 2 of 3 operations
                    op 0 (process 0) write(1) ok, lines 1..2
                    op 1 (process 1) write(2) ok, lines 3..4
                  then the register holds 2
                  and no operation can come next; these could, in real time, but the model refuses each:
                    op 3 (process 2) read() -> 1, lines 7..8
                """);
    }

    @Test
    void anEdnHistoryIsCheckedKeyByKeyWithTheKeyValueModel() throws IOException {
        Path edn = file("kv.edn", """
                {:process 0, :type :invoke, :f :put, :key "x", :value "a"}
                {:process 0, :type :ok, :f :put, :key "x", :value "a"}
                {:process 1, :type :invoke, :f :append, :key "y", :value "b"}
                {:process 1, :type :ok, :f :append, :key "y", :value "b"}
                {:process 0, :type :invoke, :f :get, :key "x", :value nil}
                {:process 0, :type :ok, :f :get, :key "x", :value "a"}
                {:process 1, :type :invoke, :f :get, :key "y", :value nil}
                {:process 1, :type :ok, :f :get, :key "y", :value "bb"}
                """);
        assertThat(run(edn.toString())).isEqualTo(1);
        assertThat(out()).startsWith("not linearizable\n")
                .contains("Jepsen EDN history, 4 operations on 2 key(s), checked with the kv model")
                .contains("key x: 2 operations to place, linearizable")
                .contains("key y: 2 operations to place, NOT linearizable")
                .contains("then the map holds {y=b}")
                .contains("op 3 (process 1) read() -> bb, lines 7..8");
    }

    @Test
    void aPatrickDbHistoryIsRecognisedAndTimedInNanoseconds() throws IOException {
        History history = History.of(
                new Operation(0, 1, "k", new Call.Write(Value.of("v")), 1_000, Outcome.Ok.nothing(2_000)),
                new Operation(1, 2, "k", new Call.Read(), 3_000, Outcome.Ok.returning(Value.of("w"), 4_000)));
        assertThat(run(file("h.tsv", PatrickDbFormat.format(history)).toString())).isEqualTo(1);
        assertThat(out()).contains("Patrick-DB history, 2 operations").contains("op 1 (process 2) read() -> w, time 3000..4000");
    }

    @Test
    void anUnreadableLineExitsTwoWithItsNumber() throws IOException {
        Path bad = file("bad.edn", "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0 :type}\n");
        assertThat(run(bad.toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("patrickdb: " + bad + ": line 2: column 19: the map has a key without a value: :type\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingFileOrAnUnknownFormatExitsTwo() throws IOException {
        assertThat(run(dir.resolve("missing.log").toString())).isEqualTo(2);
        assertThat(err()).startsWith("patrickdb: cannot read " + dir.resolve("missing.log"));
        err.reset();
        Path text = file("notes.txt", "hello\n");
        assertThat(run(text.toString())).isEqualTo(2);
        assertThat(err()).contains("line 1: not a history");
    }

    @Test
    void aModelThatLacksAFunctionExitsTwo() throws IOException {
        Path edn = file("append.edn", "{:process 0, :type :invoke, :f :append, :key \"k\", :value \"x\"}\n");
        assertThat(run(edn.toString(), "--model", "register")).isEqualTo(2);
        assertThat(err()).contains("the register model has no append").contains("(try --model kv)");
    }

    @Test
    void anExhaustedBudgetPrintsUnknownAndExitsThree() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int p = 0; p < 20; p++) {
            log.append("INFO  jepsen.util - ").append(p).append("\t:invoke\t:write\t").append(p).append('\n');
        }
        log.append("INFO  jepsen.util - 99\t:invoke\t:read\tnil\n");
        for (int p = 0; p < 20; p++) {
            log.append("INFO  jepsen.util - ").append(p).append("\t:ok\t:write\t").append(p).append('\n');
        }
        log.append("INFO  jepsen.util - 99\t:ok\t:read\t77\n");
        assertThat(run(file("hard.log", log.toString()).toString(), "--max-steps", "1000")).isEqualTo(3);
        assertThat(out()).startsWith("unknown\n")
                .contains("key register: 21 operations to place, unknown (budget ran out after 1000 steps)")
                .contains("ran out after 1000 steps; --timeout and --max-steps give it more");
    }

    @Test
    void usageErrorsExitTwoWithTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("check-history needs a FILE").contains("usage: patrickdb");
        err.reset();
        assertThat(run("h.log", "--model", "graph")).isEqualTo(2);
        assertThat(err()).contains("--model must be register or kv, not 'graph'");
        err.reset();
        assertThat(run("h.log", "--timeout", "soon")).isEqualTo(2);
        assertThat(err()).contains("--timeout must be a positive number, not 'soon'");
        err.reset();
        assertThat(run("a.log", "b.log")).isEqualTo(2);
        assertThat(err()).contains("check-history takes one FILE");
    }

    @Test
    void theUsageTextListsTheCommandAndItsExitCodes() {
        assertThat(Main.USAGE).contains("check-history FILE [--model register|kv]").contains("3 unknown");
    }
}
