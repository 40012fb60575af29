package io.patrickdb.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A generator's command line from the outside: usage, errors, report and exit codes. */
@Tag("bench-core")
class LoadCommandTest {
    private static final String USAGE = "usage: test bench [options]\n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A generator whose run reports {@code errors} failed requests, or fails if {@code errors} is negative. */
    private record FakeGenerator(LoadSettings settings, long errors) implements LoadCommand.Generator {
        @Override
        public Report measure() {
            if (errors < 0) {
                throw new RunFailed("cannot connect");
            }
            return new Report("test at here", settings, 100, 1.0, 1, 2, 3, errors);
        }

        @Override
        public String csvLine(Report report) {
            return "csv,test," + report.csvResults();
        }
    }

    private int run(long errors, String... args) {
        LoadCommand command = new LoadCommand("test bench", USAGE, (commandLine, progress) -> {
            LoadSettings.Reader reader = new LoadSettings.Reader();
            CommandLine rest = new CommandLine(commandLine);
            while (rest.hasNext()) {
                reader.read(rest.next(), rest);
            }
            return new FakeGenerator(reader.settings(), errors);
        });
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run(0, "--keys", "x", "--help")).isZero();
        assertThat(out()).isEqualTo("usage: test bench [options]\n");
    }

    @Test
    void aBadOptionPrintsWhatIsWrongThenTheUsage() {
        assertThat(run(0, "--pipeline", "0")).isEqualTo(2);
        assertThat(err()).isEqualTo("test bench: --pipeline must be at least 1, not 0\nusage: test bench [options]\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void aCleanRunPrintsTheTableAndTheCsvLineIfAsked() {
        assertThat(run(0)).isZero();
        assertThat(out()).startsWith("test at here: 32 connections").doesNotContain("csv,");
        out.reset();
        assertThat(run(0, "--csv")).isZero();
        assertThat(out()).endsWith("| 100 | 1 | 2 | 3 | 0 |\ncsv,test,100,1,2,3,0\n");
    }

    @Test
    void failedRequestsOrAFailedRunExitWithOne() {
        assertThat(run(2)).isEqualTo(1);
        assertThat(out()).contains("| 100 | 1 | 2 | 3 | 2 |");
        assertThat(run(-1)).isEqualTo(1);
        assertThat(err()).isEqualTo("test bench: cannot connect\n");
    }
}
