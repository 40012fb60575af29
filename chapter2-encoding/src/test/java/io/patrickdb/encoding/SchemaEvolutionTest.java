package io.patrickdb.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.RequestRejectedException;
import io.patrickdb.protocol.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The evolution table's claims, checked against the rows the program computes. */
@Tag("chapter2.encoding")
class SchemaEvolutionTest {

    @Test
    void jacksonByDefaultRefusesAFieldItDoesNotKnow() {
        EvolutionRow row = JsonEvolution.jacksonDefaults();
        assertBreaks(row.addField().oldReaderNewData(), UnrecognizedPropertyException.class);
        assertCopes(row.addField().newReaderOldData(), "traceId = null");
        assertCopes(row.removeField().oldReaderNewData(), "ttl = 0");
        assertBreaks(row.removeField().newReaderOldData(), UnrecognizedPropertyException.class);
    }

    @Test
    void jacksonIgnoringUnknownPropertiesCopesBothWays() {
        EvolutionRow row = JsonEvolution.ignoringUnknownProperties();
        assertCopes(row.addField().oldReaderNewData(), "traceId dropped");
        assertCopes(row.addField().newReaderOldData(), "traceId = null");
        assertCopes(row.removeField().oldReaderNewData(), "ttl = 0");
        assertCopes(row.removeField().newReaderOldData(), "ttl dropped");
    }

    @Test
    void javaSerializationWithAComputedSerialVersionUidBreaksOnEveryChange() {
        EvolutionRow row = JavaSerializationEvolution.computedSerialVersionUid();
        for (Outcome outcome : all(row)) {
            assertBreaks(outcome, InvalidClassException.class);
            assertThat(((Outcome.Breaks) outcome).error()).hasMessageContaining("serialVersionUID");
        }
    }

    @Test
    void javaSerializationWithAFixedSerialVersionUidMatchesFieldsByName() {
        EvolutionRow row = JavaSerializationEvolution.fixedSerialVersionUid();
        assertCopes(row.addField().oldReaderNewData(), "traceId dropped");
        assertCopes(row.addField().newReaderOldData(), "traceId = null");
        assertCopes(row.removeField().oldReaderNewData(), "ttl = 0");
        assertCopes(row.removeField().newReaderOldData(), "ttl dropped");
    }

    @Test
    void javaSerializationOfRecordsSkipsTheSerialVersionUidCheck() {
        EvolutionRow row = JavaSerializationEvolution.records();
        assertThat(all(row)).allMatch(Outcome::copes);
    }

    @Test
    void copingKeepsTheFieldsBothVersionsShare() throws Exception {
        // "copes" must mean the data arrived, not just that nothing threw
        var traced = new JavaSerializationEvolution.PinnedWithTraceId(PutVersions.KEY, PutVersions.VALUE, 42, "trace");
        byte[] bytes = serialize(traced);
        byte[] renamed = JavaSerializationEvolution.renameClass(bytes,
                JavaSerializationEvolution.PinnedWithTraceId.class.getName(), JavaSerializationEvolution.PinnedV1.class.getName());
        var old = (JavaSerializationEvolution.PinnedV1) new ObjectInputStream(new ByteArrayInputStream(renamed)).readObject();
        assertThat(old.key).isEqualTo(PutVersions.KEY);
        assertThat(old.value).isEqualTo(PutVersions.VALUE);
        assertThat(old.ttlMillis).isEqualTo(42);
    }

    @Test
    void theBinaryProtocolAddsWithATagAndRemovesWithAVersion() {
        EvolutionRow row = BinaryEvolution.taggedFieldsAndOperationVersions();
        assertCopes(row.addField().oldReaderNewData(), "tag 0 skipped");
        assertCopes(row.addField().newReaderOldData(), "traceId absent");
        assertBreaks(row.removeField().oldReaderNewData(), RequestRejectedException.class);
        assertThat(((RequestRejectedException) ((Outcome.Breaks) row.removeField().oldReaderNewData()).error()).error().status())
                .isEqualTo(Status.UNSUPPORTED_VERSION);
        assertCopes(row.removeField().newReaderOldData(), "ttl = 60000");
    }

    @Test
    void anOldBinaryReaderOfATracedPutReadsTheSamePut() {
        Request.Put put = new Request.Put("k", new byte[] {1, 2, 3}, Duration.ofSeconds(5));
        Protocol traced = Protocol.v1().with(new BinaryEvolution.TracedPutCodec());
        byte[] frame = BinaryEncoding.frameBytes(out -> traced.writeRequest(out, 1, 1,
                new BinaryEvolution.TracedPut(put, Optional.of("trace"))));

        assertThat(Protocol.v1().readRequest(BinaryEncoding.frameOf(frame))).isEqualTo(put);
        assertThat(((BinaryEvolution.TracedPut) traced.readRequest(BinaryEncoding.frameOf(frame))).traceId()).contains("trace");
    }

    @Test
    void theTableShowsEveryComputedOutcome() {
        List<EvolutionRow> rows = SchemaEvolution.rows();
        String table = EncodingComparison.evolutionTable(rows);
        assertThat(table.lines()).hasSize(2 + rows.size());
        for (EvolutionRow row : rows) {
            assertThat(table).contains("| " + row.encoding() + " | " + row.addField().oldReaderNewData() + " | ");
        }
    }

    private static List<Outcome> all(EvolutionRow row) {
        return List.of(row.addField().oldReaderNewData(), row.addField().newReaderOldData(),
                row.removeField().oldReaderNewData(), row.removeField().newReaderOldData());
    }

    private static void assertCopes(Outcome outcome, String whatTheReaderSaw) {
        assertThat(outcome).isInstanceOf(Outcome.Copes.class);
        assertThat(((Outcome.Copes) outcome).whatTheReaderSaw()).contains(whatTheReaderSaw);
    }

    private static void assertBreaks(Outcome outcome, Class<? extends Exception> error) {
        assertThat(outcome).isInstanceOf(Outcome.Breaks.class);
        assertThat(((Outcome.Breaks) outcome).error()).isInstanceOf(error);
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }
}
