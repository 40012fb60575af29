package io.patrickdb.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The table every generator prints, and the results' end of its CSV line. */
@Tag("bench-core")
class ReportTest {
    private static final LoadSettings SETTINGS = new LoadSettings(4, 1, 0.9, 100, 100_000, 0, 2, false);

    @Test
    void theTableNamesTheSettingsThenTheResults() {
        Report report = new Report("patrickdb at 127.0.0.1:7379", SETTINGS, 41_444, 2.0, 70, 3_195, 8_879, 0);

        assertThat(report.table()).isEqualTo("""
                patrickdb at 127.0.0.1:7379: 4 connections, pipeline 1, 90% gets, 100-byte values, 100,000 keys, 2 s measured after 0 s warm-up

                | ops/s | p50 us | p99 us | p99.9 us | errors |
                |------:|-------:|-------:|---------:|-------:|
                | 20,722 | 70 | 3,195 | 8,879 | 0 |
                """);
        assertThat(report.csvResults()).isEqualTo("20722,70,3195,8879,0");
    }

    @Test
    void percentilesComeFromTheHistogram() {
        Histogram latencies = new Histogram(Tally.SIGNIFICANT_DIGITS);
        for (int micros = 1; micros <= 1000; micros++) {
            latencies.recordValue(micros);
        }
        Report report = Report.of("etcd at http://127.0.0.1:2379", SETTINGS, latencies, 0.5, 3);

        assertThat(report.operations()).isEqualTo(1000);
        assertThat(report.opsPerSecond()).isEqualTo(2000);
        assertThat(report.p50Micros()).isEqualTo(500);
        assertThat(report.p99Micros()).isEqualTo(990);
        assertThat(report.p999Micros()).isEqualTo(999);
        assertThat(report.errors()).isEqualTo(3);
    }
}
