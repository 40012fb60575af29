package io.patrickdb.protocol;

import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The codecs of protocol version 1, one per operation, written straight from the table in
 * PROTOCOL.md §3. Each reads exactly what it writes; the round-trip property test holds them to it.
 */
final class VersionOneCodecs {

    /** The tag of the server's name in the handshake response. */
    static final int SERVER_NAME_TAG = 0;

    private VersionOneCodecs() {
    }

    static List<OperationCodec> all() {
        return List.of(new HandshakeCodec(), new PingCodec(), new GetCodec(), new PutCodec(),
                new DeleteCodec(), new CompareAndSetCodec(), new MultiGetCodec(), new StatsCodec());
    }

    /** The frozen handshake, version 0. Never change this class's layout. */
    static final class HandshakeCodec implements OperationCodec {
        public int opCode() { return OpCode.HANDSHAKE; }
        public int version() { return 0; }
        public String name() { return "handshake"; }

        public void writeRequest(Request request, BodyWriter out) {
            out.list(((Request.Handshake) request).supported(), VersionRange::write).noTags();
        }

        public Request readRequest(BodyReader in) {
            List<VersionRange> ranges = in.list(VersionRange::read);
            in.tags();
            return new Request.Handshake(ranges);
        }

        public void writeResponse(Response response, BodyWriter out) {
            Response.Handshake h = (Response.Handshake) response;
            out.list(h.supported(), VersionRange::write);
            TaggedFields tags = h.server()
                    .map(name -> TaggedFields.EMPTY.with(SERVER_NAME_TAG, Protocol.encodeString(name)))
                    .orElse(TaggedFields.EMPTY);
            out.tags(tags);
        }

        public Response readResponse(Status status, BodyReader in) {
            List<VersionRange> ranges = in.list(VersionRange::read);
            Optional<String> server = in.tags().get(SERVER_NAME_TAG).map(Protocol::decodeString);
            return new Response.Handshake(ranges, server);
        }
    }

    static final class PingCodec implements OperationCodec {
        public int opCode() { return OpCode.PING; }
        public int version() { return 1; }
        public String name() { return "ping"; }

        public void writeRequest(Request request, BodyWriter out) {
            out.noTags();
        }

        public Request readRequest(BodyReader in) {
            in.tags();
            return new Request.Ping();
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            in.tags();
            return new Response.Pong();
        }
    }

    static final class GetCodec implements OperationCodec {
        public int opCode() { return OpCode.GET; }
        public int version() { return 1; }
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
            // BEGIN SOLUTION chapter2.part3
            Response.Get get = (Response.Get) response;
            get.value().ifPresent(v -> writeVersioned(out, v));
            out.tags(get.tags());
            // STUB: throw new UnsupportedOperationException("chapter2.part3: write a get response after its status");
            // END SOLUTION
        }

        public Response readResponse(Status status, BodyReader in) {
            // BEGIN SOLUTION chapter2.part3
            expect(status, Status.OK, Status.NOT_FOUND);
            Optional<Versioned> value = status == Status.OK ? Optional.of(readVersioned(in)) : Optional.empty();
            return new Response.Get(value, in.tags());
            // STUB: throw new UnsupportedOperationException("chapter2.part3: read a get response; its status says whether a value follows");
            // END SOLUTION
        }
    }

    static final class PutCodec implements OperationCodec {
        public int opCode() { return OpCode.PUT; }
        public int version() { return 1; }
        public String name() { return "put"; }

        public void writeRequest(Request request, BodyWriter out) {
            // BEGIN SOLUTION chapter2.part3
            Request.Put put = (Request.Put) request;
            out.string(put.key()).bytes(put.value()).i64(put.ttl().toMillis()).noTags();
            // STUB: throw new UnsupportedOperationException("chapter2.part3: write a put request: key, value, ttl-millis, tags");
            // END SOLUTION
        }

        public Request readRequest(BodyReader in) {
            // BEGIN SOLUTION chapter2.part3
            String key = in.string();
            byte[] value = in.bytes();
            Duration ttl = readTtl(in);
            in.tags();
            return new Request.Put(key, value, ttl);
            // STUB: throw new UnsupportedOperationException("chapter2.part3: read a put request: key, value, ttl-millis, tags");
            // END SOLUTION
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.i64(((Response.Put) response).version()).noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            expect(status, Status.OK);
            long version = in.i64();
            in.tags();
            return new Response.Put(version);
        }
    }

    static final class DeleteCodec implements OperationCodec {
        public int opCode() { return OpCode.DELETE; }
        public int version() { return 1; }
        public String name() { return "delete"; }

        public void writeRequest(Request request, BodyWriter out) {
            out.string(((Request.Delete) request).key()).noTags();
        }

        public Request readRequest(BodyReader in) {
            String key = in.string();
            in.tags();
            return new Request.Delete(key);
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            expect(status, Status.OK, Status.NOT_FOUND);
            in.tags();
            return new Response.Delete(status == Status.OK);
        }
    }

    static final class CompareAndSetCodec implements OperationCodec {
        public int opCode() { return OpCode.COMPARE_AND_SET; }
        public int version() { return 1; }
        public String name() { return "compare-and-set"; }

        public void writeRequest(Request request, BodyWriter out) {
            Request.CompareAndSet cas = (Request.CompareAndSet) request;
            out.string(cas.key()).i64(cas.expectedVersion()).bytes(cas.value()).i64(cas.ttl().toMillis()).noTags();
        }

        public Request readRequest(BodyReader in) {
            String key = in.string();
            long expected = in.i64();
            byte[] value = in.bytes();
            Duration ttl = readTtl(in);
            in.tags();
            return new Request.CompareAndSet(key, expected, value, ttl);
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.i64(((Response.CompareAndSet) response).result().version()).noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            expect(status, Status.OK, Status.VERSION_MISMATCH);
            long version = in.i64();
            in.tags();
            return new Response.CompareAndSet(new CasResult(status == Status.OK, version));
        }
    }

    static final class MultiGetCodec implements OperationCodec {
        public int opCode() { return OpCode.MULTI_GET; }
        public int version() { return 1; }
        public String name() { return "multi-get"; }

        public void writeRequest(Request request, BodyWriter out) {
            out.list(((Request.MultiGet) request).keys(), BodyWriter::string).noTags();
        }

        public Request readRequest(BodyReader in) {
            List<String> keys = in.list(BodyReader::string);
            in.tags();
            return new Request.MultiGet(keys);
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.list(((Response.MultiGet) response).values(), (w, entry) -> {
                w.u8(entry.isPresent() ? 1 : 0);
                entry.ifPresent(v -> writeVersioned(w, v));
            }).noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            expect(status, Status.OK);
            List<Optional<Versioned>> values = in.list(r -> switch (r.u8()) {
                case 0 -> Optional.<Versioned>empty();
                case 1 -> Optional.of(readVersioned(r));
                default -> throw new MalformedFrameException("multi-get entry must start with 0 or 1");
            });
            in.tags();
            return new Response.MultiGet(values);
        }
    }

    static final class StatsCodec implements OperationCodec {
        public int opCode() { return OpCode.STATS; }
        public int version() { return 1; }
        public String name() { return "stats"; }

        public void writeRequest(Request request, BodyWriter out) {
            out.noTags();
        }

        public Request readRequest(BodyReader in) {
            in.tags();
            return new Request.Stats();
        }

        public void writeResponse(Response response, BodyWriter out) {
            out.list(List.copyOf(((Response.Stats) response).counters().entrySet()),
                    (w, e) -> w.string(e.getKey()).i64(e.getValue())).noTags();
        }

        public Response readResponse(Status status, BodyReader in) {
            expect(status, Status.OK);
            Map<String, Long> counters = new LinkedHashMap<>();
            in.list(r -> counters.put(r.string(), r.i64()));
            in.tags();
            return new Response.Stats(counters);
        }
    }

    // ---- fields shared by several operations ---------------------------------------------

    static void writeVersioned(BodyWriter out, Versioned v) {
        out.bytes(v.value()).i64(v.version()).i64(v.expiresAt());
    }

    static Versioned readVersioned(BodyReader in) {
        byte[] value = in.bytes();
        long version = in.i64();
        long expiresAt = in.i64();
        return new Versioned(value, version, expiresAt);
    }

    static Duration readTtl(BodyReader in) {
        long millis = in.i64();
        if (millis < 0) {
            throw new MalformedFrameException("ttl-millis must not be negative, was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** A status the operation cannot answer with means the sender broke the protocol. */
    static void expect(Status status, Status... allowed) {
        for (Status s : allowed) {
            if (s.equals(status)) {
                return;
            }
        }
        throw new MalformedFrameException("status " + status + " is not a possible answer here");
    }
}
