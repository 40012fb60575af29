package io.patrickdb.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The warm-up and the measured seconds, with a pause that stands in for the load and the clock. */
@Tag("bench-core")
class MeasurementTest {
    private final Tally tally = new Tally();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private Measurement measurement(int warmup, int duration) {
        LoadSettings settings = new LoadSettings(1, 1, 0.9, 100, 10, warmup, duration, false);
        return new Measurement("test at here", settings, tally, new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheMeasuredSecondsCount() throws InterruptedException {
        AtomicInteger second = new AtomicInteger();
        // Second n answers n requests of n * 100 microseconds: the warm-up's one, then two and three measured.
        Report report = measurement(1, 2).run(() -> tally.recordLatency(5_000), deadline -> {
            int n = second.incrementAndGet();
            for (int i = 0; i < n; i++) {
                tally.recordLatency(n * 100L);
            }
        });

        assertThat(report.operations()).as("the seconds after the warm-up").isEqualTo(5);
        assertThat(report.p50Micros()).isEqualTo(300);
        assertThat(report.target()).isEqualTo("test at here");
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("[bench] warm-up 1/1 s: ", "[bench] 1/2 s: ", "[bench] 2/2 s: ")
                .doesNotContain("errors");
    }

    @Test
    void errorsShowInTheTicksAndTheReport() throws InterruptedException {
        Report report = measurement(0, 1).run(() -> { }, deadline -> tally.error("boom"));

        assertThat(report.errors()).isEqualTo(1);
        assertThat(tally.firstError()).isEqualTo("boom");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[bench] 1/1 s: ", ", 1 errors");
    }

    @Test
    void aPauseThatFailsEndsTheRun() {
        assertThatThrownBy(() -> measurement(0, 10).run(() -> { }, deadline -> {
            throw new RunFailed("the server closed the connection");
        })).isInstanceOf(RunFailed.class);
    }

    @Test
    void theSleepingPauseWaitsUntilTheDeadline() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000;
        Measurement.Pause.sleep().until(deadline);
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(deadline);
    }
}
