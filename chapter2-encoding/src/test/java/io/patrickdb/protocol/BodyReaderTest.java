package io.patrickdb.protocol;

import static io.patrickdb.testing.RawConnection.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyReader} against hostile bytes: every length is checked against what is left, and
 * every problem is a {@link MalformedFrameException} that says what was wrong.
 */
@Tag("chapter2.part1")
class BodyReaderTest {

    static BodyReader reader(String hex) {
        return new BodyReader(Unpooled.wrappedBuffer(hex(hex)));
    }

    @Test
    void uvarintReadsSevenBitsPerByteLowBitsFirst() {
        assertThat(reader("00").uvarint()).isZero();
        assertThat(reader("7f").uvarint()).isEqualTo(127);
        assertThat(reader("80 01").uvarint()).isEqualTo(128);
        assertThat(reader("ac 02").uvarint()).isEqualTo(300);
        assertThat(reader("ff ff ff ff 07").uvarint()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aUvarintTooLargeOrTooLongIsMalformed() {
        assertThatThrownBy(() -> reader("ff ff ff ff 0f").uvarint()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("31 bits");
        assertThatThrownBy(() -> reader("80 80").uvarint()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("uvarint needs 1 bytes");
    }

    @Test
    void aStringLongerThanTheBodyIsMalformedWithoutAllocatingItsLength() {
        // claims 2^31-1 bytes; a reader that trusted it would try to allocate 2 GiB
        assertThatThrownBy(() -> reader("ff ff ff ff 07 61 62").string()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("string needs 2147483647 bytes but the body has 2 left");
        assertThatThrownBy(() -> reader("ff ff ff ff 07").bytes()).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aStringThatIsNotUtf8IsMalformed() {
        assertThatThrownBy(() -> reader("02 c3 28").string()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("not valid UTF-8");
        assertThat(reader("02 c3 a9").string()).isEqualTo("\u00e9");
    }

    @Test
    void aListCountLargerThanTheBytesLeftIsMalformed() {
        assertThatThrownBy(() -> reader("ff ff ff ff 07 00").list(BodyReader::u8)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("list of 2147483647");
    }

    @Test
    void unknownTagsAreReadAndKeptForWhoeverKnowsThem() {
        TaggedFields tags = reader("02   00 01 aa   05 02 bb cc").tags();
        assertThat(tags.get(0)).hasValueSatisfying(v -> assertThat(hex(v)).isEqualTo("aa"));
        assertThat(tags.get(5)).hasValueSatisfying(v -> assertThat(hex(v)).isEqualTo("bb cc"));
        assertThat(tags.get(1)).isEmpty();
    }

    @Test
    void tagsOutOfOrderOrRepeatedAreMalformed() {
        assertThatThrownBy(() -> reader("02   05 00   01 00").tags()).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("tags must increase");
        assertThatThrownBy(() -> reader("02   05 00   05 00").tags()).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void bytesLeftOverAfterTheTagsAreMalformed() {
        BodyReader in = reader("00 ff");
        in.tags();
        assertThatThrownBy(in::end).isInstanceOf(MalformedFrameException.class).hasMessageContaining("1 bytes left over");
    }
}
