package io.patrickdb.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The options every generator shares: their defaults, their values, and what they refuse. */
@Tag("bench-core")
class LoadSettingsTest {

    /** Reads {@code args} as a generator with no options of its own would. */
    private static LoadSettings read(String... args) {
        LoadSettings.Reader reader = new LoadSettings.Reader();
        CommandLine rest = new CommandLine(List.of(args));
        while (rest.hasNext()) {
            reader.read(rest.next(), rest);
        }
        return reader.settings();
    }

    @Test
    void theDefaultsAreTheUsageTextsOnes() {
        assertThat(read()).isEqualTo(new LoadSettings(32, 1, 0.9, 100, 100_000, 2, 10, false));
        assertThat(LoadSettings.USAGE).contains("(default 0.9)", "(default 100)", "(default 100000)", "(default 2)",
                "(default 10)");
    }

    @Test
    void everyOptionSetsItsValue() {
        assertThat(read("--connections", "4", "--pipeline", "16", "--get-ratio", "0.5", "--value-size", "0", "--keys", "7",
                "--warmup", "0", "--duration", "3", "--csv"))
                .isEqualTo(new LoadSettings(4, 16, 0.5, 0, 7, 0, 3, true));
    }

    @Test
    void aBadOptionIsRefusedWithItsName() {
        assertThatThrownBy(() -> read("--bogus")).isInstanceOf(UsageException.class).hasMessage("unknown option '--bogus'");
        assertThatThrownBy(() -> read("--keys")).hasMessage("--keys needs a value");
        assertThatThrownBy(() -> read("--keys", "x")).hasMessage("--keys needs a whole number, not 'x'");
        assertThatThrownBy(() -> read("--get-ratio", "x")).hasMessage("--get-ratio needs a number, not 'x'");
        assertThatThrownBy(() -> read("--get-ratio", "2")).hasMessage("--get-ratio must be between 0 and 1, not 2.0");
        assertThatThrownBy(() -> read("--get-ratio", "NaN")).hasMessage("--get-ratio must be between 0 and 1, not NaN");
        assertThatThrownBy(() -> read("--pipeline", "0")).hasMessage("--pipeline must be at least 1, not 0");
        assertThatThrownBy(() -> read("--warmup", "-1")).hasMessage("--warmup must be at least 0, not -1");
        assertThatThrownBy(() -> read("--duration", "0")).hasMessage("--duration must be at least 1, not 0");
    }

    @Test
    void theUsageLinesLineUpWithAGeneratorsOwn() {
        // A generator's lines put the meaning at column 22 and the default at column 65.
        assertThat(LoadSettings.USAGE.lines()).hasSize(5).allSatisfy(line -> {
            assertThat(line).startsWith("  --");
            assertThat(line.charAt(21)).isEqualTo(' ');
            assertThat(line.charAt(22)).isNotEqualTo(' ');
            assertThat(line.indexOf("(default")).isEqualTo(65);
        });
        assertThat(LoadSettings.USAGE).endsWith("\n");
    }
}
