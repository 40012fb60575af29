package io.patrickdb.encoding;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Schema evolution in JSON with Jackson. JSON carries field names, so a reader could match what it
 * knows and skip the rest; whether it does is the reader's setting. Jackson's default,
 * {@link DeserializationFeature#FAIL_ON_UNKNOWN_PROPERTIES} on, makes an old reader refuse a
 * message with a field it has never heard of: safe against typos, fatal for a rolling upgrade.
 * A field that is missing gets Java's default (null, 0) either way.
 */
final class JsonEvolution {

    private JsonEvolution() {
    }

    static EvolutionRow jacksonDefaults() {
        return row("JSON, Jackson defaults", new ObjectMapper());
    }

    static EvolutionRow ignoringUnknownProperties() {
        return row("JSON, FAIL_ON_UNKNOWN_PROPERTIES off",
                JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
    }

    private static EvolutionRow row(String name, ObjectMapper reader) {
        ObjectMapper writer = new ObjectMapper();
        SchemaEvolution.ObjectCodec codec = new SchemaEvolution.ObjectCodec() {
            public byte[] write(Object message) throws Exception {
                return writer.writeValueAsBytes(message);
            }

            public <T> T read(byte[] bytes, Class<?> writtenAs, Class<T> readAs) throws Exception {
                return reader.readValue(bytes, readAs); // JSON does not say which class wrote it
            }
        };
        return SchemaEvolution.row(name, codec, PutVersions.v1(), PutVersions.withTraceId(), PutVersions.withoutTtl());
    }
}
