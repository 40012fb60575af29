package io.patrickdb.protocol;

import static io.patrickdb.testing.RawConnection.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameDecoder} on its own, in Netty's {@link EmbeddedChannel}: bytes in, frames out,
 * however TCP happens to split the bytes.
 */
@Tag("chapter2.part2")
class FrameDecoderTest {
    static final byte[] TWO_FRAMES = hex(ProtocolGoldenTest.PING + " " + ProtocolGoldenTest.GET);

    @Test
    void aFrameSplitAtEveryPossibleByteComesOutWhole() {
        for (int cut = 0; cut <= TWO_FRAMES.length; cut++) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
            channel.writeInbound(Unpooled.wrappedBuffer(TWO_FRAMES, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(TWO_FRAMES, cut, TWO_FRAMES.length - cut));
            List<Frame> frames = drain(channel);
            assertThat(frames).as("cut at %d", cut).hasSize(2);
            assertThat(frames.get(0).header()).isEqualTo(Header.request(OpCode.PING, 1, 1));
            assertThat(hex(bytes(frames.get(0)))).isEqualTo("00");
            assertThat(frames.get(1).header()).isEqualTo(Header.request(OpCode.GET, 1, 3));
            assertThat(hex(bytes(frames.get(1)))).isEqualTo("08 67 72 65 65 74 69 6e 67 00");
            frames.forEach(f -> f.body().release());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aFrameArrivingOneByteAtATimeComesOutOnceComplete() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        for (int i = 0; i < TWO_FRAMES.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(TWO_FRAMES, i, 1));
        }
        assertThat(drain(channel)).extracting(Frame::header)
                .containsExactly(Header.request(OpCode.PING, 1, 1), Header.request(OpCode.GET, 1, 3));
    }

    @Test
    void wrongMagicIsAConnectionErrorAsSoonAsTwoBytesArrive() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer("GE".getBytes())))
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOf(ConnectionErrorException.class)
                .hasMessageContaining("magic is 0x4745");
    }

    @Test
    void aLengthOverTheLimitIsRefusedBeforeTheBodyIsBuffered() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        // the prefix alone announces 1025 bytes; none of them has arrived
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex("50 44 00 00 04 01"))))
                .cause().isInstanceOf(ConnectionErrorException.class)
                .hasMessageContaining("1025 bytes is larger than the limit of 1024")
                .satisfies(e -> assertThat(((ConnectionErrorException) e).status()).isEqualTo(Status.FRAME_TOO_LARGE));
    }

    @Test
    void aLengthShorterThanTheHeaderIsAConnectionError() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex("50 44 00 00 00 06"))))
                .cause().isInstanceOf(ConnectionErrorException.class)
                .hasMessageContaining("shorter than the 7-byte header");
    }

    @Test
    void aFrameWithAnUnknownOperationIsStillCutOut() {
        // The prefix is frozen: the decoder frames what it cannot understand, so the server can answer it.
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        channel.writeInbound(Unpooled.wrappedBuffer(hex(ProtocolGoldenTest.UNKNOWN_OP)));
        assertThat(drain(channel)).extracting(Frame::header).containsExactly(Header.request(0x2a, 1, 5));
    }

    static List<Frame> drain(EmbeddedChannel channel) {
        List<Frame> frames = new ArrayList<>();
        for (Frame f; (f = channel.readInbound()) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    static byte[] bytes(Frame frame) {
        byte[] b = new byte[frame.body().readableBytes()];
        frame.body().getBytes(frame.body().readerIndex(), b);
        return b;
    }
}
