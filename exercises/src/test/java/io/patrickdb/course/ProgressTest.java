package io.patrickdb.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("course")
class ProgressTest {
    private static Chapter chapter() {
        TestTags tags = new TestTags();
        tags.read(Path.of("AddTest.java"), List.of("@Tag(\"chapter1.part1\")", "class AddTest {"));
        tags.read(Path.of("TimesTest.java"), List.of("@Tag(\"chapter1.part2\")", "class TimesTest {"));
        tags.read(Path.of("ModelTest.java"), List.of("class ModelTest {", "@Tag(\"chapter1.model\")", "void model() {"));
        Sheet sheet = new Sheet(Path.of("exercises/chapter1.md"), "Chapter 1: Arithmetic",
                List.of(new Exercise("chapter1.part1", "Addition"), new Exercise("chapter1.part2", "Multiplication")));
        return new Chapter(1, "chapter1-demo", sheet, List.of(), tags);
    }

    @Test
    void countsEachExercisesTestsAndShowsTheFirstFailureThatNamesTheExercise() {
        List<TestOutcome> outcomes = List.of(
                new TestOutcome("d.AddTest", "a", TestOutcome.Status.PASSED, ""),
                new TestOutcome("d.AddTest", "b", TestOutcome.Status.SKIPPED, ""),
                new TestOutcome("d.TimesTest", "b", TestOutcome.Status.FAILED, "Property falsified"),
                new TestOutcome("d.TimesTest", "c", TestOutcome.Status.FAILED, "chapter1.part2: multiply"),
                new TestOutcome("d.TimesTest", "d", TestOutcome.Status.FAILED, "chapter1.part2: second"),
                new TestOutcome("d.ModelTest", "model", TestOutcome.Status.PASSED, ""));

        Progress progress = Progress.of(chapter(), outcomes);

        assertThat(progress.rows()).extracting(Progress.Row::id).containsExactly("chapter1.part1", "chapter1.part2", "chapter1.model");
        Progress.Row add = progress.rows().get(0);
        Progress.Row times = progress.rows().get(1);
        assertThat(add.passing()).isTrue();
        assertThat(add.skipped()).isEqualTo(1);
        assertThat(times.passing()).isFalse();
        assertThat(times.failed()).isEqualTo(3);
        assertThat(times.firstFailure().message()).isEqualTo("chapter1.part2: multiply");
        assertThat(progress.allPassing()).isFalse();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        progress.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("chapter1.part1   Addition", "1/2  passing (1 skipped)", "0/3  FAILING",
                "first failure: TimesTest.c", "chapter1.part2: multiply", "1 of 2 exercises passing.");
    }

    @Test
    void anExerciseWhoseTestsDidNotRunIsNotPassing() {
        Progress progress = Progress.of(chapter(), List.of());
        assertThat(progress.rows().get(0).result()).isEqualTo("no tests ran");
        assertThat(progress.allPassing()).isFalse();
    }
}
