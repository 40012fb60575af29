package io.patrickdb.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The comparison runs and reports every message in every encoding. Sizes only: no timing is asserted. */
@Tag("chapter2.encoding")
class EncodingComparisonTest {

    private static final Benchmark QUICK = new Benchmark(100, Duration.ofMillis(1), 1);

    @Test
    void measuresEveryMessageInEveryEncoding() {
        List<EncodingComparison.Measurement> rows = EncodingComparison.measure(EncodingComparison.encodings(), QUICK);

        assertThat(rows).hasSize(SampleMessages.all().size() * EncodingComparison.encodings().size());
        for (EncodingComparison.Measurement m : rows) {
            assertThat(m.encodeNanos()).isPositive();
            assertThat(m.decodeNanos()).isPositive();
            if (m.encoding().equals(new BinaryEncoding().name())) {
                assertThat(m.bodyBytes()).isEqualTo(m.bytes() - 13);
            } else {
                assertThat(m.bodyBytes()).isEqualTo(m.bytes());
            }
        }
        String table = EncodingComparison.sizeAndSpeedTable(rows);
        assertThat(table.lines()).hasSize(2 + rows.size());
        assertThat(table).contains("(body ");
    }
}
