package io.patrickdb.encoding;

import java.util.List;

/**
 * What each encoding does when the put request changes between two deploys of a program, in both
 * directions: an old reader meets data from a new writer, and a new reader meets old data. Two
 * changes: version 2 adds a field ({@code traceId}), or version 2 removes one ({@code ttl}).
 *
 * <p>Every outcome is computed by actually writing with one version and reading with the other;
 * nothing in the table is typed in by hand.
 */
public final class SchemaEvolution {

    private SchemaEvolution() {
    }

    /** Every encoding's row, in the order the table shows them. */
    public static List<EvolutionRow> rows() {
        return List.of(
                JsonEvolution.jacksonDefaults(),
                JsonEvolution.ignoringUnknownProperties(),
                JavaSerializationEvolution.computedSerialVersionUid(),
                JavaSerializationEvolution.fixedSerialVersionUid(),
                JavaSerializationEvolution.records(),
                BinaryEvolution.taggedFieldsAndOperationVersions());
    }

    /**
     * How one encoding writes an object of one version of a class and reads the bytes as another.
     * JSON and Java serialization both fit; the binary protocol, whose versions are codecs rather
     * than classes, has its own row builder in {@link BinaryEvolution}.
     */
    interface ObjectCodec {
        byte[] write(Object message) throws Exception;

        /** Reads bytes written from an object of class {@code writtenAs} as an object of class {@code readAs}. */
        <T> T read(byte[] bytes, Class<?> writtenAs, Class<T> readAs) throws Exception;
    }

    /**
     * The four outcomes for an encoding, given the three versions of the put request in the form
     * it handles ({@code v1} must be a {@link PutVersions.HasTtl}, {@code withTraceId} a
     * {@link PutVersions.HasTraceId}).
     */
    static EvolutionRow row(String encoding, ObjectCodec codec, Object v1, Object withTraceId, Object withoutTtl) {
        Class<?> v1Class = v1.getClass();
        Class<?> tracedClass = withTraceId.getClass();
        Class<?> withoutTtlClass = withoutTtl.getClass();
        return new EvolutionRow(encoding,
                new EvolutionRow.Directions(
                        Outcome.attempt(() -> {
                            codec.read(codec.write(withTraceId), tracedClass, v1Class);
                            return "traceId dropped";
                        }),
                        Outcome.attempt(() -> {
                            Object read = codec.read(codec.write(v1), v1Class, tracedClass);
                            return "traceId = " + ((PutVersions.HasTraceId) read).traceId();
                        })),
                new EvolutionRow.Directions(
                        Outcome.attempt(() -> {
                            Object read = codec.read(codec.write(withoutTtl), withoutTtlClass, v1Class);
                            return "ttl = " + ((PutVersions.HasTtl) read).ttlMillis();
                        }),
                        Outcome.attempt(() -> {
                            codec.read(codec.write(v1), v1Class, withoutTtlClass);
                            return "ttl dropped";
                        })));
    }
}
