package io.patrickdb.encoding;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Schema evolution in the Patrick-DB protocol, which has two tools for it (PROTOCOL.md §2, §3):
 * <ul>
 *   <li><b>Adding</b> an optional field is a tagged field: the new put codec writes the trace id in
 *       tag 0, and an old reader skips tags it does not know. Same operation version; nothing to
 *       negotiate. A new reader of old data finds the tag absent.</li>
 *   <li><b>Removing</b> a field is a new version of the operation, because the fields before the
 *       tags are read by position: no reader can tell that ttl is missing. Put version 2 has no
 *       ttl; a program that speaks only version 1 rejects it with UNSUPPORTED_VERSION, naming the
 *       versions it speaks, and the handshake (§4) exists so that a new client learns this first
 *       and sends version 1 to an old server. A new program keeps its version 1 codec and reads
 *       old data with it.</li>
 * </ul>
 * Both are the protocol's own extension point: an {@link OperationCodec} added with
 * {@link Protocol#with}, written with the same {@link BodyWriter} and {@link BodyReader}.
 */
final class BinaryEvolution {

    /** The tag of the trace id in a put request. Once used, never reused for anything else. */
    static final int TRACE_ID_TAG = 0;

    private BinaryEvolution() {
    }

    static EvolutionRow taggedFieldsAndOperationVersions() {
        Protocol old = Protocol.v1();
        Protocol traced = Protocol.v1().with(new TracedPutCodec()); // replaces put version 1
        Protocol withoutTtl = Protocol.v1().with(new PutWithoutTtlCodec()); // adds put version 2
        Request.Put oldPut = new Request.Put(PutVersions.KEY, PutVersions.VALUE, Duration.ofMillis(PutVersions.TTL_MILLIS));
        TracedPut tracedPut = new TracedPut(oldPut, Optional.of(PutVersions.TRACE_ID));
        PutWithoutTtl putWithoutTtl = new PutWithoutTtl(PutVersions.KEY, PutVersions.VALUE);

        return new EvolutionRow("Patrick-DB binary (tagged field; put version 2)",
                new EvolutionRow.Directions(
                        Outcome.attempt(() -> {
                            old.readRequest(BinaryEncoding.frameOf(write(traced, 1, tracedPut)));
                            return "tag " + TRACE_ID_TAG + " skipped";
                        }),
                        Outcome.attempt(() -> {
                            TracedPut read = (TracedPut) traced.readRequest(BinaryEncoding.frameOf(write(old, 1, oldPut)));
                            return "traceId " + read.traceId().map(id -> "= " + id).orElse("absent");
                        })),
                new EvolutionRow.Directions(
                        Outcome.attempt(() -> {
                            old.readRequest(BinaryEncoding.frameOf(write(withoutTtl, 2, putWithoutTtl)));
                            return "read put version 2";
                        }),
                        Outcome.attempt(() -> {
                            Request read = withoutTtl.readRequest(BinaryEncoding.frameOf(write(old, 1, oldPut)));
                            return "read by its put v1 codec, ttl = " + ((Request.Put) read).ttl().toMillis();
                        })));
    }

    private static byte[] write(Protocol protocol, int version, Request request) {
        return BinaryEncoding.frameBytes(out -> protocol.writeRequest(out, BinaryEncoding.REQUEST_ID, version, request));
    }

    /** A put request with the new optional field. */
    record TracedPut(Request.Put put, Optional<String> traceId) implements Request {
        TracedPut {
            Objects.requireNonNull(put, "put");
            Objects.requireNonNull(traceId, "traceId");
        }

        @Override
        public int opCode() {
            return OpCode.PUT;
        }
    }

    /** Put version 2, which dropped the ttl. */
    record PutWithoutTtl(String key, byte[] value) implements Request {
        @Override
        public int opCode() {
            return OpCode.PUT;
        }
    }

    /** Put version 1 as a newer program writes it: the same fields, plus the trace id in tag 0. */
    static final class TracedPutCodec implements OperationCodec {
        public int opCode() { return OpCode.PUT; }
        public int version() { return 1; }
        public String name() { return "put"; }

        public void writeRequest(Request request, BodyWriter out) {
            TracedPut traced = (TracedPut) request;
            TaggedFields tags = traced.traceId()
                    .map(id -> TaggedFields.EMPTY.with(TRACE_ID_TAG, Protocol.encode(w -> w.string(id))))
                    .orElse(TaggedFields.EMPTY);
            out.string(traced.put().key()).bytes(traced.put().value()).i64(traced.put().ttl().toMillis()).tags(tags);
        }

        public Request readRequest(BodyReader in) {
            String key = in.string();
            byte[] value = in.bytes();
            long ttlMillis = in.i64();
            Optional<String> traceId = in.tags().get(TRACE_ID_TAG).map(bytes -> Protocol.decode(bytes, BodyReader::string));
            return new TracedPut(new Request.Put(key, value, Duration.ofMillis(ttlMillis)), traceId);
        }

        public void writeResponse(Response response, BodyWriter out) {
            writePutResponse(response, out);
        }

        public Response readResponse(Status status, BodyReader in) {
            return readPutResponse(in);
        }
    }

    /** Put version 2: key, value, tags. */
    static final class PutWithoutTtlCodec implements OperationCodec {
        public int opCode() { return OpCode.PUT; }
        public int version() { return 2; }
        public String name() { return "put"; }

        public void writeRequest(Request request, BodyWriter out) {
            PutWithoutTtl put = (PutWithoutTtl) request;
            out.string(put.key()).bytes(put.value()).noTags();
        }

        public Request readRequest(BodyReader in) {
            String key = in.string();
            byte[] value = in.bytes();
            in.tags();
            return new PutWithoutTtl(key, value);
        }

        public void writeResponse(Response response, BodyWriter out) {
            writePutResponse(response, out);
        }

        public Response readResponse(Status status, BodyReader in) {
            return readPutResponse(in);
        }
    }

    // The put response did not change: the version the store gave the value, then tags.

    private static void writePutResponse(Response response, BodyWriter out) {
        out.i64(((Response.Put) response).version()).noTags();
    }

    private static Response readPutResponse(BodyReader in) {
        long version = in.i64();
        in.tags();
        return new Response.Put(version);
    }
}
