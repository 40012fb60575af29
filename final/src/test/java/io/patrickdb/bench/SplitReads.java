package io.patrickdb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Feeds a {@link ResponseParser} the way a connection does (append a read, parse, keep the rest)
 * and writes down what it reported: {@code "ok 3"}, {@code "error 4: message"} or
 * {@code "redirect 5: slot 3999 to [127.0.0.1:6381]"} (slot -1: all of the node's).
 */
final class SplitReads implements ResponseParser.Listener {
    private final List<String> reported = new ArrayList<>();

    private SplitReads() {
    }

    @Override
    public void response(int requestId) {
        reported.add("ok " + requestId);
    }

    @Override
    public void error(int requestId, String message) {
        reported.add("error " + requestId + ": " + message);
    }

    @Override
    public void redirected(int requestId, Redirect redirect) {
        reported.add("redirect " + requestId + ": slot " + redirect.slot() + " to " + redirect.nodes());
    }

    /** What a fresh parser reports for {@code bytes} arriving in one read. */
    static List<String> parse(ResponseParser parser, byte[] bytes) {
        SplitReads listener = new SplitReads();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        parser.parse(in, listener);
        assertThat(in.readableBytes()).as("bytes left unparsed").isZero();
        return listener.reported;
    }

    /**
     * Asserts that {@code bytes}, split into two reads at every possible place, are reported as
     * {@code expected}: each response once, none before its last byte, none lost.
     */
    static void assertEverySplitParsesAs(Supplier<ResponseParser> parsers, byte[] bytes, String... expected) {
        assertThat(parse(parsers.get(), bytes)).containsExactly(expected);
        for (int split = 0; split <= bytes.length; split++) {
            SplitReads listener = new SplitReads();
            ResponseParser parser = parsers.get();
            ByteBuf in = Unpooled.buffer();
            in.writeBytes(bytes, 0, split);
            parser.parse(in, listener);
            assertThat(listener.reported).as("after the first %d bytes", split).hasSizeLessThanOrEqualTo(expected.length);
            assertThat(listener.reported).as("after the first %d bytes", split)
                    .isEqualTo(List.of(expected).subList(0, listener.reported.size()));
            in.writeBytes(bytes, split, bytes.length - split);
            parser.parse(in, listener);
            assertThat(listener.reported).as("split after byte %d", split).containsExactly(expected);
            assertThat(in.readableBytes()).as("bytes left unparsed, split after byte %d", split).isZero();
        }
    }

    /** The bytes of {@code text} (escapes like \r\n written in the Java string). */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a hex dump like {@code "50 44 00 00"} (whitespace is ignored). */
    static byte[] hex(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s+", ""));
    }

    /** The bytes a protocol encodes with {@code encode}. */
    static byte[] encoded(java.util.function.Consumer<ByteBuf> encode) {
        ByteBuf out = Unpooled.buffer();
        encode.accept(out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }
}
