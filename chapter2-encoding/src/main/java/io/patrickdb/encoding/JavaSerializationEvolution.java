package io.patrickdb.encoding;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Schema evolution with Java serialization. The stream starts with a description of the writer's
 * class: its name, its {@code serialVersionUID} and its fields. The reader looks up its own class
 * of that name and compares:
 * <ul>
 *   <li>a different {@code serialVersionUID} is an {@link java.io.InvalidClassException}. A class
 *       that does not declare one gets one computed from its name, fields and methods, so
 *       <em>any</em> change to the class changes it: every schema change breaks both directions;</li>
 *   <li>with a {@code serialVersionUID} fixed by hand, fields are matched by name: a field the
 *       reader lacks is skipped, a field the stream lacks gets Java's default (null, 0);</li>
 *   <li>records are matched by component name like that, and Java waives the
 *       {@code serialVersionUID} check for them.</li>
 * </ul>
 */
final class JavaSerializationEvolution {

    private JavaSerializationEvolution() {
    }

    static EvolutionRow computedSerialVersionUid() {
        return SchemaEvolution.row("Java serialization, computed serialVersionUID", CODEC,
                new PlainV1(PutVersions.KEY, PutVersions.VALUE, PutVersions.TTL_MILLIS),
                new PlainWithTraceId(PutVersions.KEY, PutVersions.VALUE, PutVersions.TTL_MILLIS, PutVersions.TRACE_ID),
                new PlainWithoutTtl(PutVersions.KEY, PutVersions.VALUE));
    }

    static EvolutionRow fixedSerialVersionUid() {
        return SchemaEvolution.row("Java serialization, serialVersionUID = 1", CODEC,
                new PinnedV1(PutVersions.KEY, PutVersions.VALUE, PutVersions.TTL_MILLIS),
                new PinnedWithTraceId(PutVersions.KEY, PutVersions.VALUE, PutVersions.TTL_MILLIS, PutVersions.TRACE_ID),
                new PinnedWithoutTtl(PutVersions.KEY, PutVersions.VALUE));
    }

    static EvolutionRow records() {
        return SchemaEvolution.row("Java serialization, records", CODEC,
                PutVersions.v1(), PutVersions.withTraceId(), PutVersions.withoutTtl());
    }

    private static final SchemaEvolution.ObjectCodec CODEC = new SchemaEvolution.ObjectCodec() {
        public byte[] write(Object message) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(message);
            }
            return bytes.toByteArray();
        }

        public <T> T read(byte[] bytes, Class<?> writtenAs, Class<T> readAs) throws IOException, ClassNotFoundException {
            byte[] arrived = renameClass(bytes, writtenAs.getName(), readAs.getName());
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(arrived))) {
                return readAs.cast(in.readObject());
            }
        }
    };

    /**
     * The stream with the class name {@code from} replaced by {@code to}.
     *
     * <p>Why: in real life both deploys call the class {@code Put}, and only its body differs. One
     * program cannot hold two classes of the same name (not without two class loaders), so here
     * the versions are called {@code PlainV1}, {@code PlainWithTraceId} and so on, and the bytes
     * get the reader's class name on their way from writer to reader, as if both had been
     * {@code Put}. Everything else, the {@code serialVersionUID} and the fields, arrives as
     * written and is checked as it would be between two deploys. (Mapping the name in
     * {@link ObjectInputStream#resolveClass} is not enough: the JDK then compares the simple names
     * and refuses with "local class name incompatible with stream class name".)
     *
     * <p>The name is written as {@code writeUTF} writes it, a two-byte length and the bytes, and
     * nothing else in a serialization stream counts the bytes of a class descriptor, so a name of
     * a different length can take its place.
     */
    static byte[] renameClass(byte[] stream, String from, String to) {
        byte[] target = utf(from);
        byte[] replacement = utf(to);
        ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length + replacement.length);
        int i = 0;
        while (i < stream.length) {
            if (i + target.length <= stream.length && Arrays.equals(stream, i, i + target.length, target, 0, target.length)) {
                out.writeBytes(replacement);
                i += target.length;
            } else {
                out.write(stream[i++]);
            }
        }
        return out.toByteArray();
    }

    private static byte[] utf(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    // ---- three versions of the put request as plain classes, no serialVersionUID -------------

    static class PlainV1 implements PutVersions.HasTtl, Serializable {
        final String key;
        final byte[] value;
        final long ttlMillis;

        PlainV1(String key, byte[] value, long ttlMillis) {
            this.key = key;
            this.value = value;
            this.ttlMillis = ttlMillis;
        }

        public long ttlMillis() {
            return ttlMillis;
        }
    }

    static class PlainWithTraceId implements PutVersions.HasTraceId, Serializable {
        final String key;
        final byte[] value;
        final long ttlMillis;
        final String traceId;

        PlainWithTraceId(String key, byte[] value, long ttlMillis, String traceId) {
            this.key = key;
            this.value = value;
            this.ttlMillis = ttlMillis;
            this.traceId = traceId;
        }

        public String traceId() {
            return traceId;
        }
    }

    static class PlainWithoutTtl implements Serializable {
        final String key;
        final byte[] value;

        PlainWithoutTtl(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    // ---- the same three, with the serialVersionUID fixed -----------------------------------

    static class PinnedV1 implements PutVersions.HasTtl, Serializable {
        private static final long serialVersionUID = 1L;
        final String key;
        final byte[] value;
        final long ttlMillis;

        PinnedV1(String key, byte[] value, long ttlMillis) {
            this.key = key;
            this.value = value;
            this.ttlMillis = ttlMillis;
        }

        public long ttlMillis() {
            return ttlMillis;
        }
    }

    static class PinnedWithTraceId implements PutVersions.HasTraceId, Serializable {
        private static final long serialVersionUID = 1L;
        final String key;
        final byte[] value;
        final long ttlMillis;
        final String traceId;

        PinnedWithTraceId(String key, byte[] value, long ttlMillis, String traceId) {
            this.key = key;
            this.value = value;
            this.ttlMillis = ttlMillis;
            this.traceId = traceId;
        }

        public String traceId() {
            return traceId;
        }
    }

    static class PinnedWithoutTtl implements Serializable {
        private static final long serialVersionUID = 1L;
        final String key;
        final byte[] value;

        PinnedWithoutTtl(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }
}
