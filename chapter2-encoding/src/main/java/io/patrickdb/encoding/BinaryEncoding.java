package io.patrickdb.encoding;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.patrickdb.index.Versioned;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Header;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Patrick-DB protocol's own binary encoding (PROTOCOL.md), by way of the very codecs the
 * server and client use: {@link Protocol#writeRequest}, {@link Protocol#writeResponse} and their
 * readers. Nothing here writes a field; this class only translates between the comparison's
 * {@link Message}s and the protocol's {@link Request}s and {@link Response}s.
 *
 * <p>It is small because the schema lives in the code, not in the bytes: no field names, no
 * class names, lengths as one-byte varints, numbers as eight raw bytes, values as raw bytes. The
 * bytes are a whole frame, as on the socket; {@link #bodySize} says how much of it is the body,
 * the part comparable to what JSON and Java serialization produce.
 */
public final class BinaryEncoding implements Encoding {

    /** Every frame here is request 1; the id only matters on a connection. */
    static final int REQUEST_ID = 1;
    private static final int VERSION = 1;

    private final Protocol protocol = Protocol.v1();

    @Override
    public String name() {
        return "Patrick-DB binary";
    }

    /** The bytes of a frame that are its body: all but the 6-byte prefix and the 7-byte header. */
    public static int bodySize(byte[] frame) {
        return frame.length - Frame.PREFIX_BYTES - Frame.HEADER_BYTES;
    }

    @Override
    public byte[] encode(Message message) {
        if (message instanceof PutRequest put) {
            Request.Put request = new Request.Put(put.key(), put.value(), Duration.ofMillis(put.ttlMillis()));
            return frameBytes(out -> protocol.writeRequest(out, REQUEST_ID, VERSION, request));
        }
        if (message instanceof GetResponse get) {
            Response.Get response = new Response.Get(Optional.of(new Versioned(get.value(), get.version(), get.expiresAt())));
            return frameBytes(out -> protocol.writeResponse(out, Header.request(OpCode.GET, VERSION, REQUEST_ID), response));
        }
        MultiGetResponse multiGet = (MultiGetResponse) message;
        List<Optional<Versioned>> values = new ArrayList<>(multiGet.entries().size());
        for (MultiGetResponse.Entry e : multiGet.entries()) {
            values.add(e == null ? Optional.empty() : Optional.of(new Versioned(e.value(), e.version(), e.expiresAt())));
        }
        Response.MultiGet response = new Response.MultiGet(values);
        return frameBytes(out -> protocol.writeResponse(out, Header.request(OpCode.MULTI_GET, VERSION, REQUEST_ID), response));
    }

    @Override
    public Message decode(byte[] bytes) {
        Frame frame = frameOf(bytes);
        if (!frame.header().isResponse()) {
            Request.Put put = (Request.Put) protocol.readRequest(frame);
            return new PutRequest(put.key(), put.value(), put.ttl().toMillis());
        }
        Response response = protocol.readResponse(frame);
        if (response instanceof Response.Get get) {
            Versioned v = get.value().orElseThrow(() -> new IllegalArgumentException("a get response without a value"));
            return new GetResponse(v.value(), v.version(), v.expiresAt());
        }
        List<MultiGetResponse.Entry> entries = new ArrayList<>();
        for (Optional<Versioned> value : ((Response.MultiGet) response).values()) {
            entries.add(value.map(v -> new MultiGetResponse.Entry(v.value(), v.version(), v.expiresAt())).orElse(null));
        }
        return new MultiGetResponse(entries);
    }

    /** The bytes that {@code write} puts in a fresh buffer. */
    static byte[] frameBytes(Consumer<ByteBuf> write) {
        ByteBuf out = Unpooled.buffer(256);
        write.accept(out);
        return ByteBufUtil.getBytes(out);
    }

    /**
     * The frame in {@code bytes}, which must hold exactly one. On a connection the server's
     * {@code FrameDecoder} cuts frames out of a stream; here the frame is already whole, so
     * reading its prefix and header is all there is to do.
     */
    static Frame frameOf(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        if (in.readableBytes() < Frame.PREFIX_BYTES + Frame.HEADER_BYTES || in.readUnsignedShort() != Frame.MAGIC) {
            throw new MalformedFrameException("not a Patrick-DB frame");
        }
        long length = in.readUnsignedInt();
        if (length != in.readableBytes()) {
            throw new MalformedFrameException("the length field says " + length + " bytes, but " + in.readableBytes() + " follow");
        }
        Header header = new Header(in.readUnsignedByte(), in.readUnsignedByte(), in.readUnsignedByte(), in.readInt());
        return new Frame(header, in); // what is left to read is the body
    }
}
