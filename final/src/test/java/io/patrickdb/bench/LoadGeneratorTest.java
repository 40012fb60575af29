package io.patrickdb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.bench.core.LoadSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The generator end to end, against a tiny memcached in the test. */
@Tag("final.bench")
class LoadGeneratorTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LoadGenerator.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aOneSecondRunPreloadsEveryKeyAndMeasuresWithoutErrors() {
        try (TinyMemcachedServer server = new TinyMemcachedServer()) {
            int code = run("--protocol", "memcached", "--server", "127.0.0.1:" + server.port(), "--connections", "4",
                    "--pipeline", "8", "--keys", "1000", "--value-size", "32", "--warmup", "0", "--duration", "1", "--csv");

            assertThat(code).as("exit code; stderr: %s", err).isZero();
            assertThat(server.size()).isEqualTo(1000);
            String csv = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("csv,")).findFirst().orElseThrow();
            String[] fields = csv.split(",");
            assertThat(fields[1]).isEqualTo("memcached");
            assertThat(Double.parseDouble(fields[9])).as("ops/s").isPositive();
            assertThat(Long.parseLong(fields[13])).as("errors").isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("| ops/s | p50 us | p99 us | p99.9 us | errors |");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("1/1 s:");
        }
    }

    @Test
    void aServerThatIsNotThereIsAClearFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(run("--protocol", "redis", "--server", "127.0.0.1:" + port, "--connections", "1")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void badOptionsPrintTheUsage() {
        assertThat(run("--pipeline", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--pipeline must be at least 1").contains("usage: patrickdb bench");
        assertThat(run("--protocol", "gopher")).isEqualTo(2);
        assertThat(run("--server", "nohost")).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--get-ratio R");
    }

    @Test
    void optionsDefaultAsTheUsageSays() {
        BenchOptions defaults = BenchOptions.defaults();
        assertThat(defaults).isEqualTo(new BenchOptions("patrickdb", "127.0.0.1", 7379, 1, false,
                new LoadSettings(32, 1, 0.9, 100, 100_000, 2, 10, false)));
        assertThat(BenchOptions.parse(List.of("--server", "[::1]:11211", "--csv")).server()).isEqualTo("[::1]:11211");
    }
}
