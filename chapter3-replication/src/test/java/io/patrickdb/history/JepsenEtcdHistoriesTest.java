package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The checker against real histories: 102 histories that Jepsen recorded against etcd, with the
 * verdicts Knossos and Porcupine agree on (from Porcupine's test data, MIT licence, in
 * {@code src/test/resources/jepsen-etcd/}). One test per file.
 */
@Tag("chapter3.part1")
class JepsenEtcdHistoriesTest {
    private static final String DIRECTORY = "/jepsen-etcd/";

    /** Generous: the slowest history takes a fraction of a second; a budget only turns a hang into a failure. */
    private static final Budget BUDGET = Budget.ofTime(Duration.ofSeconds(20));

    record Expected(String file, Verdict verdict) {
    }

    static List<Expected> expectedVerdicts() {
        try (InputStream in = Objects.requireNonNull(JepsenEtcdHistoriesTest.class.getResourceAsStream(DIRECTORY + "jepsen-etcd-expected.tsv"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.split("\t"))
                    .map(f -> new Expected(f[0], f[1].equals("linearizable") ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name) {
        try {
            return Path.of(Objects.requireNonNull(JepsenEtcdHistoriesTest.class.getResource(DIRECTORY + name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDataHas23LinearizableAnd79NonLinearizableHistories() {
        assertThat(expectedVerdicts()).hasSize(102);
        assertThat(expectedVerdicts().stream().filter(e -> e.verdict() == Verdict.LINEARIZABLE)).hasSize(23);
    }

    @TestFactory
    Stream<DynamicTest> everyHistoryGetsItsKnownVerdict() {
        return expectedVerdicts().stream().map(expected -> DynamicTest.dynamicTest(
                expected.file() + " is " + expected.verdict(), () -> {
                    ParseResult parsed = HistoryReader.read(file(expected.file()));
                    assertThat(parsed).isInstanceOfSatisfying(ParseResult.Parsed.class, p -> {
                        assertThat(p.format()).isEqualTo(HistoryFormat.JEPSEN_LOG);
                        CheckResult result = new LinearizabilityChecker<>(new RegisterModel(), BUDGET).check(p.history());
                        assertThat(result.verdict()).isEqualTo(expected.verdict());
                    });
                }));
    }

    @Test
    void aNonLinearizableHistoryNamesTheOperationsItCouldNotPlace() throws IOException {
        ParseResult.Parsed parsed = (ParseResult.Parsed) HistoryReader.read(file("etcd_000.log"));
        CheckResult result = new LinearizabilityChecker<>(new RegisterModel(), BUDGET).check(parsed.history());
        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo(JepsenHistoryReader.DEFAULT_KEY);
            assertThat(v.longestPrefix()).isNotEmpty();
            assertThat(v.candidates()).isNotEmpty().allSatisfy(op -> assertThat(v.longestPrefix()).doesNotContain(op));
        });
    }

    @Test
    void theKeyValueModelAgreesOnTheRegisterHistories() throws IOException {
        for (Expected expected : expectedVerdicts().subList(0, 20)) {
            ParseResult.Parsed parsed = (ParseResult.Parsed) HistoryReader.read(file(expected.file()));
            assertThat(new LinearizabilityChecker<>(new KeyValueModel(), BUDGET).check(parsed.history()).verdict())
                    .as(expected.file())
                    .isEqualTo(expected.verdict());
        }
    }
}
