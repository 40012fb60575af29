package io.patrickdb.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The gateway's one JSON mapper, configured once. An {@code ObjectMapper} is thread-safe
 * once configured and expensive to build, so every connection shares this one.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // A tolerant reader, as with the protocol's tagged fields: a field this gateway does
            // not know is skipped, so a newer client can send one to an older gateway.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // But a field it does know must have the right type: "60" is not a ttl, nor is 1.5.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads {@code json} as a {@code type}; Jackson's exception explains what does not fit. */
    static <T> T read(byte[] json, Class<T> type) throws JsonProcessingException {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail this way", e);
        }
    }
}
