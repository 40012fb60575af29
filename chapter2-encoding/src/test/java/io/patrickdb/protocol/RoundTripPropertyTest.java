package io.patrickdb.protocol;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property: every message of protocol version 1 comes back equal after a trip through its own
 * frame: written by {@link Protocol#writeRequest}/{@link Protocol#writeResponse}, cut out of a
 * byte stream by the frame's length, read by {@link Protocol#readRequest}/{@link
 * Protocol#readResponse}. Inputs come from a fixed seed, so every run tries the same messages.
 */
class RoundTripPropertyTest {
    private static final long SEED = 0x5EED_0002_0001L;
    private static final List<String> CHARS = List.of("a", "Z", "0", " ", ":", "\n", "\u00e9", "\u20ac", "\u4e2d", "\ud83d\ude00");

    @Tag("chapter2.part1")
    @Test
    void uvarintsRoundTripAndSmallOnesTakeOneByte() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(integers().allPositive()).checkAssert(n -> {
            ByteBuf buf = Unpooled.buffer();
            new BodyWriter(buf).uvarint(n);
            int written = buf.readableBytes();
            expect(new BodyReader(buf).uvarint() == n, "uvarint " + n + " did not come back");
            expect(written == (n < 128 ? 1 : n < 1 << 14 ? 2 : n < 1 << 21 ? 3 : n < 1 << 28 ? 4 : 5), n + " took " + written + " bytes");
        });
    }

    @Tag("chapter2.part1")
    @Test
    void taggedFieldsRoundTrip() {
        Gen<Map<Integer, byte[]>> fields = lists().of(integers().between(0, 100_000).zip(bytes(40), Pair::of)).ofSizeBetween(0, 6)
                .map(pairs -> {
                    Map<Integer, byte[]> m = new LinkedHashMap<>();
                    pairs.forEach(p -> m.put(p._1, p._2));
                    return m;
                });
        qt().withFixedSeed(SEED).withExamples(500).forAll(fields).checkAssert(m -> {
            TaggedFields tags = TaggedFields.EMPTY;
            for (var e : m.entrySet()) {
                tags = tags.with(e.getKey(), e.getValue());
            }
            ByteBuf buf = Unpooled.buffer();
            new BodyWriter(buf).tags(tags);
            BodyReader in = new BodyReader(buf);
            expect(in.tags().equals(tags), "tags " + tags + " did not come back");
            in.end();
        });
    }

    @Tag("chapter2.part3")
    @Test
    void everyRequestRoundTrips() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(requests(), integers().allPositive()).checkAssert((request, id) -> {
            ByteBuf buf = Unpooled.buffer();
            int version = Protocol.v1().range(request.opCode()).orElseThrow().max();
            Protocol.v1().writeRequest(buf, id, version, request);
            Frame frame = cut(buf);
            expect(frame.header().equals(Header.request(request.opCode(), version, id)), "header " + frame.header());
            Request back = Protocol.v1().readRequest(frame);
            expect(back.equals(request), "sent " + request + ", read " + back);
        });
    }

    @Tag("chapter2.part3")
    @Test
    void everyResponseRoundTrips() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(responses()).checkAssert(pair -> {
            int op = pair._1;
            Response response = pair._2;
            Header request = Header.request(op, Protocol.v1().range(op).map(VersionRange::max).orElse(1), 42); // errors answer unknown ops too
            ByteBuf buf = Unpooled.buffer();
            Protocol.v1().writeResponse(buf, request, response);
            Frame frame = cut(buf);
            expect(frame.header().equals(request.response()), "header " + frame.header());
            Response back = Protocol.v1().readResponse(frame);
            expect(back.equals(response), "sent " + response + ", read " + back);
        });
    }

    /** Reads the prefix and header the way {@link FrameDecoder} does, and checks the length covers the rest exactly. */
    static Frame cut(ByteBuf buf) {
        expect(buf.readUnsignedShort() == Frame.MAGIC, "magic");
        long length = buf.readUnsignedInt();
        expect(length == buf.readableBytes(), "length field " + length + ", bytes after it " + buf.readableBytes());
        Header header = new Header(buf.readUnsignedByte(), buf.readUnsignedByte(), buf.readUnsignedByte(), buf.readInt());
        return new Frame(header, buf.slice());
    }

    @SuppressWarnings("unchecked")
    static Gen<Request> requests() {
        Gen<Duration> ttls = Generate.frequency(Pair.of(1, Generate.constant(Duration.ZERO)),
                Pair.of(1, longs().between(1, Long.MAX_VALUE / 1_000_000).map(Duration::ofMillis)));
        Gen<Request> handshake = lists().of(ranges()).ofSizeBetween(0, 10).map(Request.Handshake::new);
        Gen<Request> get = strings().map(Request.Get::new);
        Gen<Request> put = strings().zip(bytes(3000), ttls, Request.Put::new);
        Gen<Request> delete = strings().map(Request.Delete::new);
        Gen<Request> cas = strings().zip(longs().all(), bytes(3000), ttls, Request.CompareAndSet::new);
        Gen<Request> multiGet = lists().of(strings()).ofSizeBetween(0, 20).map(Request.MultiGet::new);
        return Generate.frequency(Pair.of(1, handshake), Pair.of(1, Generate.constant(new Request.Ping())),
                Pair.of(2, get), Pair.of(2, put), Pair.of(1, delete), Pair.of(2, cas), Pair.of(1, multiGet),
                Pair.of(1, Generate.constant(new Request.Stats())));
    }

    /** A response with the op it answers (the response's layout depends on the op). */
    @SuppressWarnings("unchecked")
    static Gen<Pair<Integer, Response>> responses() {
        Gen<Optional<Versioned>> maybe = Generate.frequency(Pair.of(1, Generate.constant(Optional.<Versioned>empty())),
                Pair.of(3, versioned().map(Optional::of)));
        Gen<Pair<Integer, Response>> handshake = lists().of(ranges()).ofSizeBetween(0, 10)
                .zip(Generate.frequency(Pair.of(1, Generate.constant(Optional.<String>empty())), Pair.of(1, strings().map(Optional::of))),
                        (ranges, name) -> Pair.of(OpCode.HANDSHAKE, new Response.Handshake(ranges, name)));
        Gen<Pair<Integer, Response>> get = maybe.map(v -> Pair.of(OpCode.GET, new Response.Get(v)));
        Gen<Pair<Integer, Response>> put = longs().all().map(v -> Pair.of(OpCode.PUT, new Response.Put(v)));
        Gen<Pair<Integer, Response>> delete = Generate.booleans().map(d -> Pair.of(OpCode.DELETE, new Response.Delete(d)));
        Gen<Pair<Integer, Response>> cas = Generate.booleans().zip(longs().all(),
                (applied, v) -> Pair.of(OpCode.COMPARE_AND_SET, new Response.CompareAndSet(new CasResult(applied, v))));
        Gen<Pair<Integer, Response>> multiGet = lists().of(maybe).ofSizeBetween(0, 20)
                .map(values -> Pair.of(OpCode.MULTI_GET, new Response.MultiGet(values)));
        Gen<Pair<Integer, Response>> stats = lists().of(strings().zip(longs().all(), Pair::of)).ofSizeBetween(0, 12).map(pairs -> {
            Map<String, Long> counters = new LinkedHashMap<>();
            pairs.forEach(p -> counters.put(p._1, p._2));
            return Pair.of(OpCode.STATS, new Response.Stats(counters));
        });
        Gen<Status> errors = Generate.pick(Status.known()).assuming(Status::isError);
        Gen<Pair<Integer, Response>> error = Generate.pick(List.of(OpCode.GET, OpCode.PUT, OpCode.STATS, 0x2a))
                .zip(errors, strings(), bytes(20), (op, status, message, tag) ->
                        Pair.of(op, new Response.Error(status, message, TaggedFields.EMPTY.with(7, tag))));
        return Generate.frequency(Pair.of(1, handshake), Pair.of(1, Generate.constant(Pair.of(OpCode.PING, new Response.Pong()))),
                Pair.of(2, get), Pair.of(1, put), Pair.of(1, delete), Pair.of(1, cas), Pair.of(1, multiGet),
                Pair.of(1, stats), Pair.of(2, error));
    }

    static Gen<VersionRange> ranges() {
        return integers().between(0, 255).zip(integers().between(0, 255), integers().between(0, 255),
                (op, a, b) -> new VersionRange(op, Math.min(a, b), Math.max(a, b)));
    }

    static Gen<Versioned> versioned() {
        return bytes(3000).zip(longs().all(), longs().between(0, Long.MAX_VALUE), Versioned::new);
    }

    /** Any text, including empty: the protocol carries strings; refusing bad keys is the store's job. */
    static Gen<String> strings() {
        return lists().of(Generate.pick(CHARS)).ofSizeBetween(0, 60).map(chars -> String.join("", chars));
    }

    static Gen<byte[]> bytes(int max) {
        return Generate.byteArrays(Generate.range(0, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
