package io.patrickdb.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The optional fields at the end of a body: tag number to raw bytes. A reader takes the tags it
 * knows and ignores the rest, which is how a newer writer adds a field without breaking an older
 * reader. Immutable; tags iterate in increasing order, the order they travel in.
 */
public final class TaggedFields {

    /** No tagged fields: one byte {@code 00} on the wire. */
    public static final TaggedFields EMPTY = new TaggedFields(new TreeMap<>());

    private final TreeMap<Integer, byte[]> fields;

    private TaggedFields(TreeMap<Integer, byte[]> fields) {
        this.fields = fields;
    }

    /** These fields and one more (replacing a field with the same tag). */
    public TaggedFields with(int tag, byte[] value) {
        if (tag < 0) {
            throw new IllegalArgumentException("tag must not be negative, was " + tag);
        }
        TreeMap<Integer, byte[]> copy = new TreeMap<>(fields);
        copy.put(tag, value.clone());
        return new TaggedFields(copy);
    }

    /** The bytes of field {@code tag}, if present. */
    public Optional<byte[]> get(int tag) {
        byte[] value = fields.get(tag);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Tag to bytes, in tag order. The arrays are the field's own: do not change them. */
    Map<Integer, byte[]> asMap() {
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TaggedFields other) || other.fields.size() != fields.size()) {
            return false;
        }
        for (var e : fields.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.fields.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (var e : fields.entrySet()) {
            h += e.getKey() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TaggedFields{");
        fields.forEach((tag, value) -> s.append(tag).append('=').append(value.length).append(" bytes "));
        return s.toString().trim() + "}";
    }
}
