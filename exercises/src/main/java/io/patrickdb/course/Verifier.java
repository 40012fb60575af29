package io.patrickdb.course;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Proves that every chapter's exercises are sound, in a temporary copy of the work tree:
 *
 * <ol>
 *   <li>the markers are well formed and agree with the sheet and the test tags;
 *   <li>every test of the chapter's exercises passes on the solution (the chapter's other tests,
 *       such as its fault suite, run in the build: the solution is the code on main);
 *   <li>with every region of the chapter stubbed (what {@code start} gives a student), main and
 *       test code compile;
 *   <li>with only one exercise stubbed, at least one of that exercise's tests fails, and a failure
 *       message names the exercise (so the student knows what to do).
 * </ol>
 */
final class Verifier {
    private static final Set<String> NOT_COPIED = Set.of(".git", "target", "node_modules");

    private final Path root;
    private final PrintStream out;

    Verifier(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    /** Verifies the chapters (all when {@code only} is empty); returns the problems found. */
    List<String> verify(List<Integer> only) throws IOException {
        Course course = Course.read(root);
        List<String> problems = new ArrayList<>();
        for (Chapter chapter : course.chapters()) {
            if (only.isEmpty() || only.contains(chapter.number())) {
                problems.addAll(verify(chapter));
            }
        }
        return problems;
    }

    private List<String> verify(Chapter chapter) throws IOException {
        String name = "chapter " + chapter.number();
        List<String> problems = new ArrayList<>(Course.problems(chapter));
        if (!problems.isEmpty()) {
            return problems;
        }
        if (chapter.exercises().isEmpty()) {
            out.printf("%s: no exercises yet%n", name);
            return problems;
        }
        Path copy = Files.createTempDirectory("patrickdb-verify-");
        try {
            copyTree(root, copy);
            Maven maven = new Maven(copy);

            List<TestOutcome> solved = runTests(maven, copy, chapter, chapter.exerciseGroupsExpression());
            long failed = solved.stream().filter(o -> o.status() == TestOutcome.Status.FAILED).count();
            out.printf("%s: solution: %d tests, %d failed%n", name, solved.size(), failed);
            solved.stream().filter(o -> o.status() == TestOutcome.Status.FAILED)
                    .forEach(o -> problems.add(name + ": fails on the solution: " + o.displayName() + ": " + o.message()));
            if (solved.isEmpty()) {
                problems.add(name + ": no test ran on the solution");
            }

            Branches.stub(copy, chapter, id -> true);
            Exec.Result compiled = maven.testCompile(chapter.module(), line -> { });
            out.printf("%s: all %d exercises stubbed: %s%n", name, chapter.exercises().size(), compiled.ok() ? "compiles" : "DOES NOT COMPILE");
            if (!compiled.ok()) {
                problems.add(name + ": the stubs do not compile:\n" + compiled.tail(30));
                return problems; // the exercise runs below would fail the same way
            }

            for (Exercise exercise : chapter.exercises()) {
                restoreRegionFiles(chapter, copy);
                Branches.stub(copy, chapter, exercise.id()::equals);
                problems.addAll(verifyStubFails(maven, copy, chapter, exercise));
            }
        } finally {
            deleteTree(copy);
        }
        return problems;
    }

    private List<String> verifyStubFails(Maven maven, Path copy, Chapter chapter, Exercise exercise) throws IOException {
        List<TestOutcome> outcomes = runTests(maven, copy, chapter, exercise.id());
        List<TestOutcome> failures = outcomes.stream().filter(o -> o.status() == TestOutcome.Status.FAILED).toList();
        boolean named = failures.stream().anyMatch(o -> o.message().contains(exercise.id()));
        out.printf("%s stubbed: %d of %d tests fail%s%n", exercise.id(), failures.size(), outcomes.size(),
                failures.isEmpty() ? "" : named ? ", naming the exercise" : ", none naming the exercise");
        if (failures.isEmpty()) {
            return List.of(exercise.id() + ": no test fails on its stub (" + outcomes.size() + " ran)");
        }
        if (!named) {
            return List.of(exercise.id() + ": no failure message names the exercise; first: "
                    + failures.get(0).displayName() + ": " + failures.get(0).message());
        }
        return List.of();
    }

    private List<TestOutcome> runTests(Maven maven, Path copy, Chapter chapter, String groups) throws IOException {
        long start = System.nanoTime();
        try {
            return runTestsOnce(maven, copy, chapter, groups);
        } finally {
            out.printf("  (tests %s ran in %d s)%n", groups, (System.nanoTime() - start) / 1_000_000_000L);
        }
    }

    private List<TestOutcome> runTestsOnce(Maven maven, Path copy, Chapter chapter, String groups) throws IOException {
        Path reports = copy.resolve(chapter.module()).resolve("target/surefire-reports");
        deleteTree(reports);
        Exec.Result result = maven.test(chapter.module(), groups, line -> { });
        if (!result.ok()) {
            throw new IllegalStateException("the build of " + chapter.module() + " failed before its tests ran (" + groups + "):\n" + result.tail(40));
        }
        return SurefireReports.read(reports);
    }

    private void restoreRegionFiles(Chapter chapter, Path copy) throws IOException {
        for (Path file : chapter.filesWithRegions()) {
            Files.copy(root.resolve(file), copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies a work tree, without .git, build output or node_modules. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
