package io.patrickdb.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every encoding gives back every sample message it was given. */
@Tag("chapter2.encoding")
class EncodingRoundTripTest {

    static List<Arguments> everyEncodingAndMessage() {
        List<Arguments> cases = new ArrayList<>();
        for (Encoding encoding : EncodingComparison.encodings()) {
            for (SampleMessages.Sample sample : SampleMessages.all()) {
                cases.add(Arguments.of(encoding.name(), sample.name(), encoding, sample.message()));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyEncodingAndMessage")
    void decodesWhatItEncoded(String encodingName, String messageName, Encoding encoding, Message message) {
        assertThat(encoding.decode(encoding.encode(message))).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}: a put with no expiry and an empty value")
    @MethodSource("encodings")
    void roundTripsZeroesAndEmptiness(String encodingName, Encoding encoding) {
        PutRequest put = new PutRequest("k", new byte[0], 0);
        assertThat(encoding.decode(encoding.encode(put))).isEqualTo(put);
    }

    @ParameterizedTest(name = "{0}: a multi-get where no key has a value")
    @MethodSource("encodings")
    void roundTripsAnAllAbsentMultiGet(String encodingName, Encoding encoding) {
        List<MultiGetResponse.Entry> none = new ArrayList<>();
        none.add(null);
        none.add(null);
        MultiGetResponse response = new MultiGetResponse(none);
        assertThat(encoding.decode(encoding.encode(response))).isEqualTo(response);
    }

    static List<Arguments> encodings() {
        return EncodingComparison.encodings().stream().map(e -> Arguments.of(e.name(), e)).toList();
    }
}
