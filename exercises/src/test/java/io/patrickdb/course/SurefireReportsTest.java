package io.patrickdb.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("course")
class SurefireReportsTest {
    @Test
    void readsPassedFailedErroredAndSkippedTestsWithTheirMessages(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("TEST-demo.CalculatorTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="demo.CalculatorTest" tests="4">
                  <testcase name="adds" classname="demo.CalculatorTest" time="0.01"/>
                  <testcase name="multiplies" classname="demo.CalculatorTest" time="0.01">
                    <failure message="expected: &lt;12&gt; but was: &lt;0&gt;" type="org.opentest4j.AssertionFailedError">trace</failure>
                  </testcase>
                  <testcase name="divides" classname="demo.CalculatorTest" time="0.01">
                    <error message="chapter1.part3: divide" type="java.lang.UnsupportedOperationException">trace</error>
                  </testcase>
                  <testcase name="needsRoot" classname="demo.CalculatorTest" time="0">
                    <skipped message="not root"/>
                  </testcase>
                </testsuite>
                """);
        Files.writeString(dir.resolve("demo.CalculatorTest.txt"), "not a report");

        List<TestOutcome> outcomes = SurefireReports.read(dir);

        assertThat(outcomes).containsExactly(
                new TestOutcome("demo.CalculatorTest", "adds", TestOutcome.Status.PASSED, ""),
                new TestOutcome("demo.CalculatorTest", "multiplies", TestOutcome.Status.FAILED, "expected: <12> but was: <0>"),
                new TestOutcome("demo.CalculatorTest", "divides", TestOutcome.Status.FAILED, "chapter1.part3: divide"),
                new TestOutcome("demo.CalculatorTest", "needsRoot", TestOutcome.Status.SKIPPED, ""));
    }

    @Test
    void aMissingReportDirectoryMeansNoOutcomes(@TempDir Path dir) throws Exception {
        assertThat(SurefireReports.read(dir.resolve("target/surefire-reports"))).isEmpty();
    }
}
