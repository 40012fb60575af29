package io.patrickdb.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufUtil;
import io.patrickdb.protocol.Frame;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the bytes of each encoding are made of, and which is smallest. */
@Tag("chapter2.encoding")
class EncodingSizeTest {

    private final JsonEncoding json = new JsonEncoding();
    private final JavaSerializationEncoding java = new JavaSerializationEncoding();
    private final BinaryEncoding binary = new BinaryEncoding();

    @Test
    void theBinaryFrameIsTheSmallestForEveryMessage() {
        for (SampleMessages.Sample sample : SampleMessages.all()) {
            int frame = binary.encode(sample.message()).length;
            assertThat(frame).as(sample.name() + " vs JSON").isLessThan(json.encode(sample.message()).length);
            assertThat(frame).as(sample.name() + " vs Java serialization").isLessThan(java.encode(sample.message()).length);
        }
    }

    @Test
    void theBinaryEncodingIsTheProtocolsOwnFrame() {
        // PROTOCOL.md §6, "put greeting = hello, no expiry", with request id 1 instead of 2
        byte[] frame = binary.encode(new PutRequest("greeting", "hello".getBytes(StandardCharsets.UTF_8), 0));
        assertThat(ByteBufUtil.hexDump(frame)).isEqualTo(
                "50440000001f" + "03010000000001" + "086772656574696e67" + "0568656c6c6f" + "0000000000000000" + "00");
        assertThat(BinaryEncoding.bodySize(frame)).isEqualTo(frame.length - Frame.PREFIX_BYTES - Frame.HEADER_BYTES).isEqualTo(24);
    }

    @Test
    void jsonCarriesFieldNamesAndTheValueAsBase64() {
        PutRequest put = SampleMessages.put();
        String text = new String(json.encode(put), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("\"type\":\"put\"", "\"key\":", "\"ttlMillis\":60000")
                .contains(Base64.getEncoder().encodeToString(put.value()));
    }

    @Test
    void javaSerializationCarriesTheClassName() {
        byte[] bytes = java.encode(SampleMessages.put());
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains(PutRequest.class.getName(), "ttlMillis");
    }

    @Test
    void javaSerializationRefusesAClassItDidNotExpect() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new File("/etc/passwd"));
        }
        assertThatThrownBy(() -> java.decode(bytes.toByteArray()))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(InvalidClassException.class)
                .hasMessageContaining("REJECTED");
    }
}
