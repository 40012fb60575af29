package io.patrickdb.evolution;

import io.patrickdb.index.CasResult;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import io.patrickdb.server.HandlerTable;
import io.patrickdb.server.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An imagined "version 2" of the Patrick-DB protocol, built the way a real one would be: by
 * adding codecs to version 1, changing none of its classes. It makes the three kinds of change
 * a protocol goes through:
 * <ul>
 *   <li><b>An optional field</b>: put requests may carry a trace id in tag 0. No version bump:
 *       an old server skips the tag and stores the value all the same.</li>
 *   <li><b>A changed layout</b>: get version 2 answers with the server's clock after the value,
 *       so a client can tell how long the value has left. The layout differs, so the version
 *       goes up, and only peers that both speak version 2 use it.</li>
 *   <li><b>A new operation</b>: touch (op {@code 08}) sets a key's expiry without sending its
 *       value again. An old server does not know it, and says so.</li>
 * </ul>
 */
final class VersionTwo {
    static final int TOUCH = 0x08;
    static final int TRACE_TAG = 0;

    private VersionTwo() {
    }

    /** Version 1 and the three changes. */
    static Protocol protocol() {
        return Protocol.v1().with(new TracedPutCodec()).with(new GetV2Codec()).with(new TouchCodec());
    }

    /** A put with a trace id. */
    record TracedPut(String key, byte[] value, Duration ttl, String traceId) implements Request {
        @Override
        public int opCode() {
            return OpCode.PUT;
        }
    }

    /** Get version 2's answer: the value and the server's clock when it answered. */
    record GetV2(Optional<io.patrickdb.index.Versioned> value, long serverTimeMillis) implements Response {
        @Override
        public Status status() {
            return value.isPresent() ? Status.OK : Status.NOT_FOUND;
        }
    }

    /** The new operation. */
    record Touch(String key, Duration ttl) implements Request {
        @Override
        public int opCode() {
            return TOUCH;
        }
    }

    /** Touch's answer: whether the key existed. */
    record Touched(boolean found) implements Response {
        @Override
        public Status status() {
            return found ? Status.OK : Status.NOT_FOUND;
        }
    }

    /** Put version 1 as before, plus the trace id in tag 0 when there is one. */
    static final class TracedPutCodec implements OperationCodec {
        public int opCode() { return OpCode.PUT; }
        public int version() { return 1; }
        public String name() { return "put"; }

        public void writeRequest(Request request, BodyWriter out) {
            TracedPut p = request instanceof TracedPut t ? t : untraced((Request.Put) request);
            out.string(p.key()).bytes(p.value()).i64(p.ttl().toMillis());
            out.tags(p.traceId() == null ? TaggedFields.EMPTY
                    : TaggedFields.EMPTY.with(TRACE_TAG, p.traceId().getBytes(StandardCharsets.UTF_8)));
        }

        public Request readRequest(BodyReader in) {
            String key = in.string();
            byte[] value = in.bytes();
            Duration ttl = Duration.ofMillis(in.i64());
            String trace = in.tags().get(TRACE_TAG).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
            return new TracedPut(key, value, ttl, trace);
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.i64(((Response.Put) response).version()).noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            long version = in.i64();
            in.tags();
            return new Response.Put(version);
        }

        private static TracedPut untraced(Request.Put p) {
            return new TracedPut(p.key(), p.value(), p.ttl(), null);
        }
    }

    /** Get version 2: the request as in version 1; the response adds the server's clock. */
    static final class GetV2Codec implements OperationCodec {
        public int opCode() { return OpCode.GET; }
        public int version() { return 2; }
        public String name() { return "get"; }

        public void writeRequest(Request request, BodyWriter out) {
            out.string(((Request.Get) request).key()).noTags();
        }

        public Request readRequest(BodyReader in) {
            String key = in.string();
            in.tags();
            return new Request.Get(key);
        }

        public void writeResponse(Response response, BodyWriter out) {
            ((Response.Get) response).value().ifPresent(v -> out.bytes(v.value()).i64(v.version()).i64(v.expiresAt()));
            out.i64(System.currentTimeMillis()).noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            Optional<io.patrickdb.index.Versioned> value = status == Status.OK
                    ? Optional.of(new io.patrickdb.index.Versioned(in.bytes(), in.i64(), in.i64())) : Optional.empty();
            long now = in.i64();
            in.tags();
            return new GetV2(value, now);
        }
    }

    /** Touch version 1: key and ttl; answered OK or NOT_FOUND. */
    static final class TouchCodec implements OperationCodec {
        public int opCode() { return TOUCH; }
        public int version() { return 1; }
        public String name() { return "touch"; }

        public void writeRequest(Request request, BodyWriter out) {
            Touch t = (Touch) request;
            out.string(t.key()).i64(t.ttl().toMillis()).noTags();
        }

        public Request readRequest(BodyReader in) {
            String key = in.string();
            Duration ttl = Duration.ofMillis(in.i64());
            in.tags();
            return new Touch(key, ttl);
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            in.tags();
            return new Touched(status == Status.OK);
        }
    }

    /**
     * The version-2 server's service: version 1's, plus touch, plus remembering trace ids. Touch
     * is a compare-and-set of the same value with the new expiry, so it cannot undo a concurrent write.
     */
    static final class Service2 implements Service {
        final List<String> traces = new CopyOnWriteArrayList<>();
        private final Service v1;
        private final io.patrickdb.index.KeyValueStore store;

        Service2(Service v1, io.patrickdb.index.KeyValueStore store) {
            this.v1 = v1;
            this.store = store;
            this.table = HandlerTable.over(v1).on(TracedPut.class, this::tracedPut).on(Touch.class, this::touch);
        }

        /** Version 2's two operations in a table of their own; everything else goes to version 1's service. */
        private final HandlerTable table;

        @Override
        public CompletableFuture<Response> handle(Request request) {
            return table.handle(request);
        }

        private CompletableFuture<Response> tracedPut(TracedPut p) {
            if (p.traceId() != null) {
                traces.add(p.traceId());
            }
            return v1.handle(new Request.Put(p.key(), p.value(), p.ttl()));
        }

        private CompletableFuture<Response> touch(Touch t) {
            return store.getVersioned(t.key())
                    .map(v -> store.compareAndSetAsync(t.key(), v.version(), v.value(), t.ttl())
                            .thenApply(CasResult::applied).thenApply(applied -> (Response) new Touched(applied)))
                    .orElse(CompletableFuture.completedFuture(new Touched(false)));
        }
    }
}
