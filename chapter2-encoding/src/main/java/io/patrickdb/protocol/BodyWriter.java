package io.patrickdb.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes the field types of PROTOCOL.md §2 into a buffer. A codec describes a body as a sequence
 * of these calls, and must end it with {@link #tags}.
 */
public final class BodyWriter {
    private final ByteBuf out;

    public BodyWriter(ByteBuf out) {
        this.out = out;
    }

    public BodyWriter u8(int value) {
        out.writeByte(value);
        return this;
    }

    public BodyWriter i64(long value) {
        out.writeLong(value);
        return this;
    }

    /** Unsigned LEB128: seven bits per byte, low bits first; small numbers take one byte. */
    public BodyWriter uvarint(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("uvarint must not be negative, was " + value);
        }
        // BEGIN SOLUTION chapter2.part1
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
        return this;
        // STUB: throw new UnsupportedOperationException("chapter2.part1: write the uvarint, seven bits per byte, low bits first");
        // END SOLUTION
    }

    public BodyWriter string(String value) {
        uvarint(ByteBufUtil.utf8Bytes(value));
        out.writeCharSequence(value, java.nio.charset.StandardCharsets.UTF_8);
        return this;
    }

    public BodyWriter bytes(byte[] value) {
        uvarint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A {@code list<T>}: the count, then each element as {@code element} writes it. */
    public <T> BodyWriter list(List<T> items, BiConsumer<BodyWriter, T> element) {
        uvarint(items.size());
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    /** The tagged-field section that ends every body. */
    public BodyWriter tags(TaggedFields tags) {
        // BEGIN SOLUTION chapter2.part1
        uvarint(tags.asMap().size());
        tags.asMap().forEach((tag, value) -> {
            uvarint(tag);
            bytes(value);
        });
        return this;
        // STUB: throw new UnsupportedOperationException("chapter2.part1: write the count, then tag, size and bytes of each field");
        // END SOLUTION
    }

    /** An empty tagged-field section. */
    public BodyWriter noTags() {
        out.writeByte(0);
        return this;
    }
}
