package io.patrickdb.course;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Runs an external program (git, mvn) in a directory and collects what it prints. */
final class Exec {
    /** What a finished program printed (standard output and error, interleaved) and its exit code. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last {@code n} lines of the output, for error messages. */
        String tail(int n) {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private Exec() {
    }

    static Result run(Path dir, List<String> command) {
        return run(dir, command, line -> { });
    }

    /** Runs {@code command} in {@code dir}, handing each output line to {@code echo} as it comes. */
    static Result run(Path dir, List<String> command, Consumer<String> echo) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            try (InputStream in = process.getInputStream();
                 var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    output.append(line).append('\n');
                    echo.accept(line);
                }
            }
            return new Result(process.waitFor(), output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
