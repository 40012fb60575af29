package io.patrickdb.course;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs Maven on one chapter module (and the modules it needs) of a repository. */
final class Maven {
    private final Path root;

    Maven(Path root) {
        this.root = root;
    }

    /** Compiles the module's main and test code; runs no tests. */
    Exec.Result testCompile(String module, Consumer<String> echo) {
        return run(echo, "-pl", module, "-am", "test-compile");
    }

    /**
     * Runs the tests of {@code module} that match the JUnit tag expression {@code groups}, without
     * failing the build on a failed test (the reports say which failed); the modules it depends
     * on are built, and their tests are filtered by the same expression.
     */
    Exec.Result test(String module, String groups, Consumer<String> echo) {
        return run(echo, "-pl", module, "-am", "test", "-Dgroups=" + groups,
                "-Dmaven.test.failure.ignore=true", "-Dsurefire.failIfNoSpecifiedTests=false");
    }

    private Exec.Result run(Consumer<String> echo, String... args) {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
        command.addAll(List.of(args));
        return Exec.run(root, command, echo);
    }
}
