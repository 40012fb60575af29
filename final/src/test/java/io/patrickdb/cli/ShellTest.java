package io.patrickdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded shell, run as users run it: a separate {@code patrickdb shell} process with
 * commands piped to its standard input.
 */
@Tag("final.shell")
class ShellTest {
    @TempDir
    Path dir;

    /** Runs {@code patrickdb shell ARGS} with {@code input} piped in; returns stdout lines. */
    List<String> shell(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "shell", "--data-dir", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out.lines().toList();
    }

    @Test
    void pipedCommandsGetOneAnswerEach() throws Exception {
        assertThat(shell("put greeting hello world\nget greeting\nget missing\ndelete greeting\ndelete greeting\nget greeting\nquit\n",
                "--fsync", "always"))
                .containsExactly("OK", "hello world", "(nil)", "1", "0", "(nil)");
    }

    @Test
    void valuesSurviveARestartOfTheShell() throws Exception {
        shell("put a 1\nput b 2\n");
        assertThat(shell("get a\nget b\n")).containsExactly("1", "2");
        assertThat(shell("get a\n", "--index", "keydir")).containsExactly("1");
    }

    @Test
    void invalidCommandsGetAnErrorLineAndTheShellGoesOn() throws Exception {
        assertThat(shell("frobnicate\nput onlykey\nget\nput bad\u0001key v\nput k " + "v".repeat(10) + "\nget k\n"))
                .containsExactly(
                        "ERR unknown command 'frobnicate' (try help)",
                        "ERR usage: put KEY VALUE",
                        "ERR usage: get KEY",
                        "ERR key must not contain whitespace or control characters (found U+0001 at index 3)",
                        "OK",
                        "v".repeat(10));
    }

    @Test
    void statsAndCompactAnswer() throws Exception {
        List<String> out = shell("put a 1\nput a 2\ncompact\nstats\n");
        assertThat(out.get(2)).isEqualTo("OK");
        assertThat(out).contains("keys 1", "index HASH_MAP", "durability EVERY_SECOND", "last_sequence 2");
    }

    @Test
    void badOptionsPrintUsageAndExitWithTwo() {
        var err = new java.io.ByteArrayOutputStream();
        int code = Main.run(List.of("shell", "--fsync", "sometimes", "--data-dir", dir.toString()),
                System.out, new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--fsync must be always, everysec or never", "usage:");
    }
}
