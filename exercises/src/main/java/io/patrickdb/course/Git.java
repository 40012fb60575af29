package io.patrickdb.course;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The few git operations the tool needs, run with the {@code git} program in the repository. */
final class Git {
    /** Generated commits are signed by the tool, so they work where no git identity is set. */
    private static final List<String> IDENTITY = List.of("-c", "user.name=Patrick-DB course tool", "-c", "user.email=course@patrickdb.invalid");

    private final Path root;

    Git(Path root) {
        this.root = root;
    }

    String run(String... args) {
        return run(root, args);
    }

    /** Runs git in {@code dir}; returns its output, trimmed; throws with git's message on failure. */
    String run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        Exec.Result result = Exec.run(dir, command);
        if (!result.ok()) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + result.tail(20));
        }
        return result.output().strip();
    }

    boolean branchExists(String branch) {
        return Exec.run(root, List.of("git", "rev-parse", "--verify", "--quiet", "refs/heads/" + branch)).ok();
    }

    String commitOf(String ref) {
        return run("rev-parse", "--verify", ref + "^{commit}");
    }

    /** Commits everything in the work tree {@code dir} with {@code message}; returns the commit. */
    String commitAll(Path dir, String message) {
        run(dir, "add", "-A");
        List<String> args = new ArrayList<>(IDENTITY);
        args.addAll(List.of("commit", "-q", "--allow-empty", "-m", message));
        run(dir, args.toArray(String[]::new));
        return run(dir, "rev-parse", "HEAD");
    }
}
