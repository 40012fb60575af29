package io.patrickdb.bench.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.bench.core.LoadSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The load command's options and usage, which need no etcd: a bad command line never gets as far as a client. */
@Tag("bench-etcd")
class LoadOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EtcdLoad.COMMAND.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theEndpointsComeFirstThenTheSettingsOfPatrickDbsBench() {
        LoadOptions options = LoadOptions.parse(List.of("--endpoints", "http://a:2379, http://b:2379,", "--pipeline", "16"));

        assertThat(options.endpoints()).containsExactly("http://a:2379", "http://b:2379");
        assertThat(options.server()).isEqualTo("http://a:2379,http://b:2379");
        assertThat(options.load()).isEqualTo(new LoadSettings(32, 16, 0.9, 100, 100_000, 2, 10, false));
    }

    @Test
    void helpPrintsTheUsageWithTheSharedOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(LoadOptions.USAGE)
                .startsWith("usage: etcd-bench load --endpoints URL,URL,... [options]\n")
                .contains("  --pipeline P        requests in flight per stream              (default 1)\n"
                        + "  --get-ratio R       fraction of requests that are gets, 0..1   (default 0.9)\n")
                .endsWith("  --duration SECONDS  time measured                              (default 10)\n"
                        + "  --csv               also print one CSV line after the table\n");
    }

    @Test
    void aBadCommandLinePrintsWhatIsWrongThenTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("etcd-bench load: --endpoints is required\nusage: etcd-bench load");
        err.reset();
        assertThat(run("--endpoints", "127.0.0.1:2379")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("etcd-bench load: an endpoint is a URL such as http://127.0.0.1:2379, not '127.0.0.1:2379'\n");
        err.reset();
        assertThat(run("--endpoints", "http://a:1", "--threads", "2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("etcd-bench load: unknown option '--threads'\n");
    }
}
