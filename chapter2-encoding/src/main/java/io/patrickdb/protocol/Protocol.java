package io.patrickdb.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The set of operations and versions a program speaks, and the one place that turns messages
 * into frames and frames into messages. Immutable: {@link #with} returns a new protocol with one
 * more codec, which is how a later version (or chapter) grows the protocol without editing it.
 *
 * <p>What every operation shares lives here: the frame (via {@link Frame#write}), the status byte
 * at the start of every response, and the single layout of errors. The per-operation fields
 * live in the {@link OperationCodec}s.
 */
public final class Protocol {

    /** The tag, in an UNSUPPORTED_* error, that carries what the server supports instead. */
    public static final int SUPPORTED_TAG = 0;

    private static final Protocol V1 = build(VersionOneCodecs.all());

    private final Map<Integer, TreeMap<Integer, OperationCodec>> codecs; // op -> version -> codec
    // The same, as arrays indexed by op and version: every frame is looked up here, so no boxing, no tree.
    private final OperationCodec[][] byOpAndVersion = new OperationCodec[256][];
    private final VersionRange[] ranges = new VersionRange[256];

    private Protocol(Map<Integer, TreeMap<Integer, OperationCodec>> codecs) {
        this.codecs = codecs;
        codecs.forEach((op, versions) -> {
            byOpAndVersion[op] = new OperationCodec[versions.lastKey() + 1];
            versions.forEach((version, codec) -> byOpAndVersion[op][version] = codec);
            ranges[op] = new VersionRange(op, versions.firstKey(), versions.lastKey());
        });
    }

    /** Version 1 of the Patrick-DB protocol, as PROTOCOL.md describes it. */
    public static Protocol v1() {
        return V1;
    }

    private static Protocol build(List<OperationCodec> all) {
        Protocol p = new Protocol(new TreeMap<>());
        for (OperationCodec c : all) {
            p = p.with(c);
        }
        return p;
    }

    /** This protocol with {@code codec} added, replacing any codec for the same operation and version. */
    public Protocol with(OperationCodec codec) {
        if (codec.opCode() < 0 || codec.opCode() >= OpCode.CONNECTION_ERROR || codec.version() < 0 || codec.version() > 255) {
            throw new IllegalArgumentException("op must be in 0..254 and version in 0..255, was op " + codec.opCode()
                    + " version " + codec.version());
        }
        Map<Integer, TreeMap<Integer, OperationCodec>> copy = new TreeMap<>();
        codecs.forEach((op, versions) -> copy.put(op, new TreeMap<>(versions)));
        copy.computeIfAbsent(codec.opCode(), op -> new TreeMap<>()).put(codec.version(), codec);
        return new Protocol(copy);
    }

    /** The codec for {@code opCode} at {@code version}, if this protocol speaks it. */
    public Optional<OperationCodec> codec(int opCode, int version) {
        return Optional.ofNullable(codecOrNull(opCode, version));
    }

    private OperationCodec codecOrNull(int opCode, int version) {
        if (opCode < 0 || opCode > 255) {
            return null;
        }
        OperationCodec[] versions = byOpAndVersion[opCode];
        return versions == null || version < 0 || version >= versions.length ? null : versions[version];
    }

    /** The versions of {@code opCode} this protocol speaks, if any. */
    public Optional<VersionRange> range(int opCode) {
        return opCode < 0 || opCode > 255 ? Optional.empty() : Optional.ofNullable(ranges[opCode]);
    }

    /** Every operation with its versions: what a handshake announces. */
    public List<VersionRange> supported() {
        List<VersionRange> all = new ArrayList<>();
        codecs.keySet().forEach(op -> all.add(range(op).orElseThrow()));
        return all;
    }

    /** The versions to use with a peer that announced {@code theirs}: the highest both speak. */
    public AgreedVersions agree(List<VersionRange> theirs) {
        // BEGIN SOLUTION chapter2.part6
        Map<Integer, Integer> agreed = new TreeMap<>();
        for (VersionRange their : theirs) {
            range(their.opCode()).ifPresent(ours -> {
                int version = ours.highestCommon(their);
                if (version >= 0) {
                    agreed.put(their.opCode(), version);
                }
            });
        }
        return new AgreedVersions(agreed, theirs);
        // STUB: throw new UnsupportedOperationException("chapter2.part6: agree on a version of each operation both sides speak");
        // END SOLUTION
    }

    // ---- encoding -------------------------------------------------------------------------

    /** Writes {@code request} as a whole frame at {@code version} of its operation. */
    public void writeRequest(ByteBuf out, int requestId, int version, Request request) {
        OperationCodec codec = codecOrNull(request.opCode(), version);
        if (codec == null) {
            throw new IllegalArgumentException("this protocol has no codec for op " + request.opCode() + " version " + version);
        }
        Frame.write(out, Header.request(request.opCode(), version, requestId), body -> codec.writeRequest(request, body));
    }

    /** Writes {@code response} as the whole frame answering the request with {@code requestHeader}. */
    public void writeResponse(ByteBuf out, Header requestHeader, Response response) {
        Header header = requestHeader.response();
        if (response instanceof Response.Error error) {
            Frame.write(out, header, body -> body.u8(error.status().code()).string(error.message()).tags(error.tags()));
            return;
        }
        OperationCodec codec = codecOrNull(header.opCode(), header.version());
        if (codec == null) {
            throw new IllegalArgumentException("this protocol has no codec for op " + header.opCode() + " version " + header.version());
        }
        Frame.write(out, header, body -> {
            body.u8(response.status().code());
            codec.writeResponse(response, body);
        });
    }

    // ---- decoding -------------------------------------------------------------------------

    /**
     * The request in {@code frame}. Throws {@link RequestRejectedException} carrying the error to
     * send back if this protocol does not speak the operation or version, or the body is malformed.
     */
    public Request readRequest(Frame frame) {
        Header h = frame.header();
        if (h.isResponse()) {
            throw rejected(new Response.Error(Status.MALFORMED, "expected a request, got a frame with the response flag"));
        }
        OperationCodec codec = codecOrNull(h.opCode(), h.version());
        if (codec == null) {
            VersionRange range = ranges[h.opCode()];
            throw rejected(range == null ? unsupportedOperation(h.opCode()) : unsupportedVersion(h, range));
        }
        try {
            BodyReader in = new BodyReader(frame.body());
            Request request = codec.readRequest(in);
            in.end();
            return request;
        } catch (MalformedFrameException | IllegalArgumentException e) {
            throw rejected(new Response.Error(Status.MALFORMED, codec.name() + " request: " + e.getMessage()));
        }
    }

    /** The response in {@code frame}; throws {@link MalformedFrameException} if it does not follow the protocol. */
    public Response readResponse(Frame frame) {
        Header h = frame.header();
        BodyReader in = new BodyReader(frame.body());
        Status status = Status.of(in.u8());
        Response response;
        if (status.isError()) {
            response = new Response.Error(status, in.string(), in.tags());
        } else {
            OperationCodec codec = codecOrNull(h.opCode(), h.version());
            if (codec == null) {
                throw new MalformedFrameException("a response for op " + h.opCode() + " version " + h.version()
                        + ", which this protocol does not speak");
            }
            response = codec.readResponse(status, in);
        }
        in.end();
        return response;
    }

    // ---- the errors this protocol sends about itself ----------------------------------------

    private Response.Error unsupportedOperation(int opCode) {
        String names = codecs.values().stream()
                .map(versions -> versions.lastEntry().getValue().name() + " (" + range(versions.lastEntry().getValue().opCode()).orElseThrow() + ")")
                .collect(Collectors.joining(", "));
        byte[] list = encode(w -> w.list(supported(), VersionRange::write));
        return new Response.Error(Status.UNSUPPORTED_OPERATION,
                String.format("unsupported operation 0x%02x; this server supports: %s", opCode, names),
                TaggedFields.EMPTY.with(SUPPORTED_TAG, list));
    }

    private Response.Error unsupportedVersion(Header h, VersionRange range) {
        String name = codecs.get(h.opCode()).lastEntry().getValue().name();
        return new Response.Error(Status.UNSUPPORTED_VERSION,
                String.format("%s version %d is not supported; this server supports versions %d..%d",
                        name, h.version(), range.min(), range.max()),
                TaggedFields.EMPTY.with(SUPPORTED_TAG, encode(w -> VersionRange.write(w, range))));
    }

    /** The ranges in tag 0 of an UNSUPPORTED_OPERATION error. */
    public static List<VersionRange> supportedOperations(Response.Error error) {
        return error.tags().get(SUPPORTED_TAG).map(bytes -> decode(bytes, r -> r.list(VersionRange::read))).orElse(List.of());
    }

    /** The range in tag 0 of an UNSUPPORTED_VERSION error. */
    public static Optional<VersionRange> supportedVersions(Response.Error error) {
        return error.tags().get(SUPPORTED_TAG).map(bytes -> decode(bytes, VersionRange::read));
    }

    private static RequestRejectedException rejected(Response.Error error) {
        return new RequestRejectedException(error);
    }

    // ---- tag values are small bodies of their own -------------------------------------------

    /** The bytes {@code writer} writes: how a structured value goes into a tagged field. */
    public static byte[] encode(java.util.function.Consumer<BodyWriter> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(new BodyWriter(buf));
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Reads a structured value out of a tagged field's bytes, which it must fill exactly. */
    public static <T> T decode(byte[] bytes, java.util.function.Function<BodyReader, T> reader) {
        BodyReader in = new BodyReader(Unpooled.wrappedBuffer(bytes));
        T value = reader.apply(in);
        in.end();
        return value;
    }

    static byte[] encodeString(String s) {
        return encode(w -> w.string(s));
    }

    static String decodeString(byte[] bytes) {
        return decode(bytes, BodyReader::string);
    }

    @Override
    public String toString() {
        return "Protocol" + supported();
    }
}
