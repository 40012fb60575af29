package io.patrickdb.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the field types of PROTOCOL.md §2 from one frame's body, checking every length against
 * what is left, so that no input, however hostile, makes it read past the body or allocate more
 * than the body holds. Every problem is a {@link MalformedFrameException} that says what and where.
 */
public final class BodyReader {
    private final ByteBuf in;

    public BodyReader(ByteBuf in) {
        this.in = in;
    }

    public int u8() {
        need(1, "u8");
        return in.readUnsignedByte();
    }

    public long i64() {
        need(8, "i64");
        return in.readLong();
    }

    public int uvarint() {
        // BEGIN SOLUTION chapter2.part1
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            need(1, "uvarint");
            int b = in.readUnsignedByte();
            if (shift == 28 && (b & 0xF8) != 0) {
                throw malformed("uvarint does not fit in 31 bits");
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw malformed("uvarint longer than 5 bytes");
        // STUB: throw new UnsupportedOperationException("chapter2.part1: read a uvarint, checking each byte is there");
        // END SOLUTION
    }

    public String string() {
        int length = uvarint();
        need(length, "string");
        String s = isAscii(length) ? in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1) : strictUtf8(length);
        in.skipBytes(length);
        return s;
    }

    public byte[] bytes() {
        int length = uvarint();
        need(length, "bytes");
        byte[] value = new byte[length];
        in.readBytes(value);
        return value;
    }

    /** A {@code list<T>}: the count, then each element as {@code element} reads it. */
    public <T> List<T> list(Function<BodyReader, T> element) {
        int count = uvarint();
        // each element takes at least one byte, so a count larger than what is left is a lie
        need(count, "list of " + count);
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(element.apply(this));
        }
        return items;
    }

    /** The tagged-field section that ends every body; tags must increase. */
    public TaggedFields tags() {
        // BEGIN SOLUTION chapter2.part1
        int count = uvarint();
        need(count, "tags");
        TaggedFields tags = TaggedFields.EMPTY;
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int tag = uvarint();
            if (tag <= previous) {
                throw malformed("tag " + tag + " after tag " + previous + ": tags must increase");
            }
            tags = tags.with(tag, bytes());
            previous = tag;
        }
        return tags;
        // STUB: throw new UnsupportedOperationException("chapter2.part1: read the tagged fields, keeping the unknown ones");
        // END SOLUTION
    }

    /** Checks that the body was read to its last byte. */
    public void end() {
        if (in.isReadable()) {
            throw malformed(in.readableBytes() + " bytes left over after the tags");
        }
    }

    private boolean isAscii(int length) {
        int start = in.readerIndex();
        for (int i = 0; i < length; i++) {
            if (in.getByte(start + i) < 0) {
                return false;
            }
        }
        return true;
    }

    private String strictUtf8(int length) {
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw malformed("string is not valid UTF-8");
        }
    }

    private void need(int bytes, String what) {
        if (bytes > in.readableBytes()) {
            throw malformed(what + " needs " + bytes + " bytes but the body has " + in.readableBytes() + " left");
        }
    }

    private MalformedFrameException malformed(String message) {
        return new MalformedFrameException(message);
    }
}
