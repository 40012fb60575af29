package io.patrickdb.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course tool driven as a student and a lecturer would, on a small course (a calculator with
 * two exercises, in {@code src/test/resources/fixture}) in a real git repository, with real Maven
 * runs.
 */
@Tag("course")
class CourseEndToEndTest {
    private static final String CALCULATOR = "chapter1-demo/src/main/java/demo/Calculator.java";

    @TempDir
    Path repo;
    private Git git;

    @BeforeEach
    void createTheCourseRepository() throws IOException {
        Verifier.copyTree(Path.of("src/test/resources/fixture"), repo);
        git = new Git(repo);
        git.run("init", "-q", "-b", "main");
        git.commitAll(repo, "the course");
    }

    @Test
    void listShowsExercisesWithTheirTests() {
        Run run = course("list");
        assertThat(run.exit).isZero();
        assertThat(run.output).contains("1  Chapter 1: Arithmetic  (module chapter1-demo",
                "chapter1.part1   Addition", "tests: CalculatorTest#addsTwoNumbers",
                "chapter1.part2   Multiplication", "tests: CalculatorTest#multipliesByAdding");
    }

    @Test
    void aStudentStartsSeesFailingExercisesSolvesThemAndComparesWithTheSolution() throws IOException {
        Run start = course("start", "1");
        assertThat(start.exit).as(start.output).isZero();
        assertThat(git.run("branch", "--show-current")).isEqualTo("exercise/chapter1");
        String stubbed = Files.readString(repo.resolve(CALCULATOR));
        assertThat(stubbed).contains("// EXERCISE chapter1.part1", "throw new UnsupportedOperationException(\"chapter1.part2: multiply by adding\");")
                .doesNotContain("return a + b;", "SOLUTION");

        Run failing = course("check", "1");
        assertThat(failing.exit).as(failing.output).isEqualTo(1);
        assertThat(failing.output).contains("chapter1.part1", "0/1  FAILING", "chapter1.part1: add two numbers",
                "chapter1.part2: multiply by adding", "0 of 2 exercises passing.");

        // The student solves part 1 only: its row turns green, part 2 still names its stub.
        Files.writeString(repo.resolve(CALCULATOR), stubbed.replace(
                "throw new UnsupportedOperationException(\"chapter1.part1: add two numbers\");", "return a + b;"));
        Run half = course("check", "1");
        assertThat(half.output).contains("1/1  passing", "chapter1.part2: multiply by adding", "1 of 2 exercises passing.");

        Run solution = course("solution", "1");
        assertThat(solution.exit).isZero();
        assertThat(git.commitOf("solution/chapter1")).isEqualTo(git.commitOf("main"));
        assertThat(solution.output).contains("git diff solution/chapter1 -- chapter1-demo/src/main");

        git.run("checkout", "solution/chapter1", "--", CALCULATOR); // copy the solution back
        Run solved = course("check", "1");
        assertThat(solved.exit).as(solved.output).isZero();
        assertThat(solved.output).contains("2 of 2 exercises passing.");
    }

    @Test
    void startRefusesToOverwriteAnExistingExerciseBranch() {
        assertThat(course("start", "1").exit).isZero();
        git.run("checkout", "-q", "main");
        Run again = course("start", "1");
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.output).contains("exercise/chapter1 already exists");
    }

    @Test
    void verifyPassesOnASoundCourse() {
        Run verify = course("verify");
        assertThat(verify.output).contains("chapter 1: solution: 2 tests, 0 failed", "all 2 exercises stubbed: compiles",
                "chapter1.part1 stubbed: 1 of 1 tests fail, naming the exercise",
                "chapter1.part2 stubbed: 1 of 1 tests fail, naming the exercise", "verify: every exercise is sound");
        assertThat(verify.exit).isZero();
    }

    @Test
    void verifyFindsAnExerciseWhoseStubNoTestCatches() throws IOException {
        // A stub that happens to be correct: no test can fail on it.
        edit(CALCULATOR, "// STUB: throw new UnsupportedOperationException(\"chapter1.part1: add two numbers\");", "// STUB: return a + b;");
        Run verify = course("verify");
        assertThat(verify.exit).isEqualTo(1);
        assertThat(verify.output).contains("chapter1.part1: no test fails on its stub (1 ran)");
    }

    @Test
    void verifyFindsAStubThatDoesNotCompile() throws IOException {
        edit(CALCULATOR, "// STUB: throw new UnsupportedOperationException(\"chapter1.part2: multiply by adding\");", "// STUB: return product;");
        Run verify = course("verify");
        assertThat(verify.exit).isEqualTo(1);
        assertThat(verify.output).contains("all 2 exercises stubbed: DOES NOT COMPILE", "the stubs do not compile");
    }

    @Test
    void aMarkerErrorFailsWithFileAndLine() throws IOException {
        edit(CALCULATOR, "        // END SOLUTION\n    }\n\n    public static int times", "    }\n\n    public static int times");
        Run verify = course("verify");
        assertThat(verify.exit).isEqualTo(1);
        assertThat(verify.output).contains("error: " + CALCULATOR + ":11: BEGIN SOLUTION inside the region opened at line 5");
    }

    @Test
    void anUnknownExerciseIdFailsWithFileAndLine() throws IOException {
        edit(CALCULATOR, "BEGIN SOLUTION chapter1.part2", "BEGIN SOLUTION chapter1.part9");
        Run verify = course("verify");
        assertThat(verify.exit).isEqualTo(1);
        assertThat(verify.output).contains(CALCULATOR + ":12: unknown exercise chapter1.part9 (not listed in chapter1.md)",
                "chapter1.md: exercise chapter1.part2 has no solution region");
    }

    @Test
    void publishCreatesEveryExerciseAndSolutionBranchWithoutTouchingTheWorkTree() {
        Run publish = course("publish");
        assertThat(publish.exit).as(publish.output).isZero();
        assertThat(git.run("branch", "--list", "--format=%(refname:short)").lines())
                .containsExactlyInAnyOrder("main", "exercise/chapter1", "solution/chapter1");
        assertThat(git.run("branch", "--show-current")).isEqualTo("main");
        assertThat(git.run("status", "--porcelain")).isEmpty();
        assertThat(git.run("show", "exercise/chapter1:" + CALCULATOR)).contains("chapter1.part1: add two numbers").doesNotContain("return a + b;");
        assertThat(git.run("rev-parse", "exercise/chapter1^")).isEqualTo(git.commitOf("main"));
    }

    @Test
    void anUnknownCommandOrChapterIsAUsageError() {
        assertThat(course("frobnicate").exit).isEqualTo(2);
        assertThat(course("check").exit).isEqualTo(2);
        Run noSuchChapter = course("start", "7");
        assertThat(noSuchChapter.exit).isEqualTo(1);
        assertThat(noSuchChapter.output).contains("there is no chapter 7; chapters: [1]");
    }

    private record Run(int exit, String output) {
    }

    private Run course(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new Main(repo, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = repo.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }
}
