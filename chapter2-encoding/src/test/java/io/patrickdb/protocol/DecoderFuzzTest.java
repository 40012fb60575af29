package io.patrickdb.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of everything that reads bytes from the network: {@link FrameDecoder}
 * and {@link Protocol#readRequest}/{@link Protocol#readResponse}. The property: whatever the
 * bytes, the only failures are the protocol's own ({@link ConnectionErrorException},
 * {@link RequestRejectedException}, {@link MalformedFrameException}), and a request that decodes
 * encodes back to a frame that decodes to the same request.
 *
 * <p>In a normal test run Jazzer replays the inputs saved under
 * {@code src/test/resources/io/patrickdb/protocol/DecoderFuzzTestInputs/}: the examples of
 * PROTOCOL.md and every input that once found a bug. To fuzz for new inputs:
 * <pre>
 *   JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s mvn -pl chapter2-encoding -am test \
 *       -Dtest='DecoderFuzzTest#anyBytes' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * A crash is saved next to the seeds as {@code crash-...} and fails every build until fixed.
 */
@Tag("chapter2.fuzz")
class DecoderFuzzTest {
    private static final Protocol PROTOCOL = Protocol.v1();

    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] data) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(64 * 1024));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(data));
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof ConnectionErrorException)) {
                throw e;
            }
        }
        for (Frame frame; (frame = channel.readInbound()) != null; ) {
            try {
                checkAsRequest(frame);
                frame.body().readerIndex(0);
                checkAsResponse(frame);
            } finally {
                frame.body().release();
            }
        }
        channel.finishAndReleaseAll();
    }

    private static void checkAsRequest(Frame frame) {
        Request request;
        try {
            request = PROTOCOL.readRequest(frame);
        } catch (RequestRejectedException expected) {
            return;
        }
        ByteBuf again = Unpooled.buffer();
        PROTOCOL.writeRequest(again, frame.header().requestId(), frame.header().version(), request);
        Frame reread = RoundTripPropertyTest.cut(again);
        Request back = PROTOCOL.readRequest(reread);
        if (!back.equals(request)) {
            throw new AssertionError("decoded " + request + ", re-encoded and decoded " + back);
        }
    }

    private static void checkAsResponse(Frame frame) {
        try {
            PROTOCOL.readResponse(frame);
        } catch (MalformedFrameException expected) {
            // not a response this protocol could have sent: refusing it is right
        }
    }
}
