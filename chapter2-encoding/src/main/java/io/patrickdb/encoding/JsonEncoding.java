package io.patrickdb.encoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON, written and read by Jackson with its default settings. Human-readable and understood by
 * every language, at a price in size: every field name travels in every message, numbers travel
 * as decimal text, and a {@code byte[]} travels as base64 (four characters for every three bytes),
 * because JSON has no type for binary data.
 *
 * <p>The field names are also what makes JSON evolvable: a reader matches fields by name, so it
 * can skip one it does not know, if it is told to ({@link SchemaEvolution} shows that Jackson,
 * by default, is not).
 */
public final class JsonEncoding implements Encoding {

    // Readers and writers bound to the type once: Jackson then does not look it up per call.
    private final ObjectWriter writer;
    private final ObjectReader reader;

    public JsonEncoding() {
        ObjectMapper mapper = new ObjectMapper();
        this.writer = mapper.writerFor(Message.class);
        this.reader = mapper.readerFor(Message.class);
    }

    @Override
    public String name() {
        return "JSON (Jackson)";
    }

    @Override
    public byte[] encode(Message message) {
        try {
            return writer.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Message decode(byte[] bytes) {
        try {
            return reader.readValue(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
