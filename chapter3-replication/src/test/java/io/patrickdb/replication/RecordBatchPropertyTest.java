package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.patrickdb.index.LogRecord;
import io.patrickdb.replication.protocol.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * A replication batch that was cut, or had bytes changed, or garbage added, decodes to a prefix
 * of the records that were sent, never to a record that was not: each record's checksum covers
 * all of its bytes. (A change the checksum misses has a chance of one in four billion.)
 */
@Tag("chapter3.part2")
class RecordBatchPropertyTest {

    static Gen<List<LogRecord>> batches() {
        return lists().of(strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 20)).ofSizeBetween(1, 30).map(values -> {
            List<LogRecord> records = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                records.add(v.length() % 5 == 0 ? LogRecord.tombstone(i + 1, "k" + v)
                        : LogRecord.put(i + 1, v.length() % 3 == 0 ? 1_700_000_000_000L + i : 0, "k" + v, v.getBytes(StandardCharsets.UTF_8)));
            }
            return records;
        });
    }

    static void assertPrefix(List<LogRecord> sent, List<LogRecord> decoded) {
        assertThat(decoded.size()).isLessThanOrEqualTo(sent.size());
        assertThat(decoded).isEqualTo(sent.subList(0, decoded.size()));
    }

    @Test
    void aWholeBatchDecodesToExactlyItsRecords() {
        qt().withFixedSeed(1).forAll(batches()).checkAssert(records -> {
            RecordBatch.Decoded d = RecordBatch.decode(RecordBatch.encode(records), 1 << 20);
            assertThat(d.complete()).isTrue();
            assertThat(d.records()).isEqualTo(records);
        });
    }

    @Test
    void aBatchCutAnywhereDecodesToThePrefixOfWholeRecordsAndSaysItIsIncomplete() {
        qt().withFixedSeed(2).forAll(batches(), integers().between(0, 10_000)).checkAssert((records, at) -> {
            byte[] bytes = RecordBatch.encode(records);
            int cut = at % bytes.length;
            RecordBatch.Decoded d = RecordBatch.decode(Arrays.copyOf(bytes, cut), 1 << 20);
            assertPrefix(records, d.records());
            assertThat(d.complete()).isEqualTo(RecordBatch.encode(d.records()).length == cut);
        });
    }

    @Test
    void aBatchWithAChangedByteOrGarbageAfterItNeverDecodesToARecordThatWasNotSent() {
        qt().withFixedSeed(3).forAll(batches(), integers().between(0, 100_000), integers().between(1, 255)).checkAssert((records, at, flip) -> {
            byte[] bytes = RecordBatch.encode(records);
            byte[] damaged = bytes.clone();
            damaged[at % bytes.length] ^= (byte) (int) flip;
            RecordBatch.Decoded d = RecordBatch.decode(damaged, 1 << 20);
            assertPrefix(records, d.records());
            assertThat(d.complete()).isFalse();

            byte[] withGarbage = Arrays.copyOf(bytes, bytes.length + 1 + at % 40);
            Arrays.fill(withGarbage, bytes.length, withGarbage.length, (byte) (int) flip);
            RecordBatch.Decoded g = RecordBatch.decode(withGarbage, 1 << 20);
            assertThat(g.records()).isEqualTo(records);
            assertThat(g.complete()).isFalse();
        });
    }
}
