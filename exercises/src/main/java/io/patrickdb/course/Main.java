package io.patrickdb.course;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code exercises/course COMMAND}: the student's and the lecturer's entry to the course.
 *
 * <p>Each command is a short method here; the work is done by {@link Course}, {@link Branches},
 * {@link Progress} and {@link Verifier}. Exit codes: 0 done, 1 the check found a problem,
 * 2 bad usage.
 */
public final class Main {
    private static final String USAGE = """
            usage: exercises/course COMMAND

              list          the chapters, their exercises and the tests that prove each
              start N       create branch exercise/chapterN (chapter N's solutions replaced by stubs)
                            from the current commit, and switch to it
              solution N    create or refresh branch solution/chapterN (chapter N solved, from main)
                            and show how to compare your work with it
              check N       run chapter N's tests and print one row per exercise
              verify [N]    prove every chapter's exercises sound (stubs compile, each exercise has
                            a test that fails on its stub, all tests pass on the solution)
              publish       create every exercise and solution branch from main (for the lecturer)
            """;

    private final Path root;
    private final PrintStream out;

    Main(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new Main(Path.of("").toAbsolutePath(), System.out).run(args));
    }

    /** Runs one command; returns the process exit code. */
    int run(String... args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "list" -> list();
                case "start" -> start(chapterArgument(args));
                case "solution" -> solution(chapterArgument(args));
                case "check" -> check(chapterArgument(args));
                case "verify" -> verify(args);
                case "publish" -> publish();
                default -> usage("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (MarkerException | IllegalArgumentException | IllegalStateException | IOException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int list() throws IOException {
        Course course = Course.read(root);
        for (Chapter chapter : course.chapters()) {
            out.printf("%d  %s  (module %s, sheet exercises/chapter%d.md)%n", chapter.number(), chapter.title(), chapter.module(), chapter.number());
            var byTag = chapter.tests().byTag();
            for (Exercise e : chapter.exercises()) {
                out.printf("   %-16s %s%n", e.id(), e.title());
                out.printf("   %-16s tests: %s%n", "", String.join(", ", byTag.getOrDefault(e.id(), java.util.Set.of())));
            }
        }
        return 0;
    }

    private int start(int n) throws IOException {
        String branch = Branches.exerciseBranch(n);
        Git git = new Git(root);
        if (git.branchExists(branch)) {
            out.printf("%s already exists (your work may be on it). Switch to it with: git checkout %s%n"
                    + "To start over from the current commit, delete it first: git branch -D %s%n", branch, branch, branch);
            return 1;
        }
        Course course = Course.read(root);
        Chapter chapter = course.chapter(n);
        String commit = new Branches(root).generateExercise(n, "HEAD");
        git.run("checkout", "-q", branch);
        out.printf("""
                On branch %s (%s): the %d exercises of %s are stubs now.
                Each stub is marked '// EXERCISE chapter%d.partK'; the sheet is exercises/chapter%d.md.

                  exercises/course check %d      your progress, one row per exercise
                  exercises/course solution %d   compare with the solution when done
                The tests of one exercise:
                  mvn -pl %s test -Dgroups=chapter%d.part1
                """, branch, commit.substring(0, 12), chapter.exercises().size(), chapter.title(), n, n, n, n, chapter.module(), n);
        return 0;
    }

    private int solution(int n) throws IOException {
        Chapter chapter = Course.read(root).chapter(n);
        Git git = new Git(root);
        String from = git.branchExists("main") ? "main" : "HEAD";
        String commit = new Branches(root).generateSolution(n, from);
        out.printf("""
                %s now points at %s (%s).
                Compare your work with it:
                  git diff %s -- %s/src/main
                Take one file from it:
                  git checkout %s -- PATH
                """, Branches.solutionBranch(n), commit.substring(0, 12), from,
                Branches.solutionBranch(n), chapter.module(), Branches.solutionBranch(n));
        return 0;
    }

    private int check(int n) throws IOException {
        Chapter chapter = Course.read(root).chapter(n);
        Path reports = root.resolve(chapter.module()).resolve("target/surefire-reports");
        Verifier.deleteTree(reports);
        out.printf("running the tests of chapter %d (%s)...%n", n, chapter.groupsExpression());
        Exec.Result result = new Maven(root).test(chapter.module(), chapter.groupsExpression(), line -> { });
        if (!result.ok()) {
            out.println(result.tail(40));
            out.println("error: the build failed before the tests could run (see above; often a compile error)");
            return 1;
        }
        Progress progress = Progress.of(chapter, SurefireReports.read(reports));
        out.println();
        progress.print(out);
        return progress.allPassing() ? 0 : 1;
    }

    private int verify(String[] args) throws IOException {
        List<Integer> only = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            only.add(parseChapter(args[i]));
        }
        List<String> problems = new Verifier(root, out).verify(only);
        if (problems.isEmpty()) {
            out.println("verify: every exercise is sound");
            return 0;
        }
        out.println("verify: " + problems.size() + " problem(s):");
        problems.forEach(p -> out.println("  " + p));
        return 1;
    }

    private int publish() throws IOException {
        Git git = new Git(root);
        String from = git.branchExists("main") ? "main" : "HEAD";
        Branches branches = new Branches(root);
        for (Chapter chapter : Course.read(root).chapters()) {
            if (chapter.exercises().isEmpty()) {
                continue;
            }
            String exercise = branches.generateExercise(chapter.number(), from);
            String solution = branches.generateSolution(chapter.number(), from);
            out.printf("%-22s %s%n%-22s %s%n", Branches.exerciseBranch(chapter.number()), exercise.substring(0, 12),
                    Branches.solutionBranch(chapter.number()), solution.substring(0, 12));
        }
        out.println("push them with: git push --force origin 'refs/heads/exercise/*' 'refs/heads/solution/*'");
        return 0;
    }

    private int usage(String problem) {
        out.println("error: " + problem);
        out.print(USAGE);
        return 2;
    }

    private static int chapterArgument(String[] args) {
        if (args.length != 2) {
            throw new UsageException(args[0] + " needs one chapter number, for example: exercises/course " + args[0] + " 1");
        }
        return parseChapter(args[1]);
    }

    private static int parseChapter(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException("'" + s + "' is not a chapter number");
        }
    }

    /** A command line the tool does not understand. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
