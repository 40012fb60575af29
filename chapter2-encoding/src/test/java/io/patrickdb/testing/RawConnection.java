package io.patrickdb.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Header;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;

/**
 * A plain socket to a server, for tests that must see the real bytes: send bytes (often written
 * as hex, as in PROTOCOL.md), read back one whole frame. No Netty, no client: nothing between
 * the test and the wire.
 */
public final class RawConnection implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000); // a test that waits this long has failed; do not hang the build
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Parses hex like {@code "50 44 00 00"}, ignoring any whitespace. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    /** Formats bytes as space-separated hex, the way PROTOCOL.md writes them. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendHex(String hex) throws IOException {
        send(hex(hex));
    }

    /** Reads one whole frame and decodes it as a response in {@code protocol}. */
    public Response readResponse(Protocol protocol) throws IOException {
        byte[] f = readFrame();
        ByteBuf b = Unpooled.wrappedBuffer(f);
        Header h = new Header(b.getUnsignedByte(6), b.getUnsignedByte(7), b.getUnsignedByte(8), b.getInt(9));
        return protocol.readResponse(new Frame(h, b.slice(13, f.length - 13)));
    }

    /** Reads one whole frame (prefix included), as the server sent it. */
    public byte[] readFrame() throws IOException {
        byte[] prefix = new byte[6];
        in.readFully(prefix);
        int length = ((prefix[2] & 0xFF) << 24) | ((prefix[3] & 0xFF) << 16) | ((prefix[4] & 0xFF) << 8) | (prefix[5] & 0xFF);
        byte[] frame = new byte[6 + length];
        System.arraycopy(prefix, 0, frame, 0, 6);
        in.readFully(frame, 6, length);
        return frame;
    }

    /** Whether the server has closed the connection: the next read sees the end of the stream. */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer: closed too
        }
    }

    /** Reads until the server closes, returning nothing; fails if data arrives instead. */
    public void expectClosed() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            return; // connection reset: the server closed it
        }
        if (b != -1) {
            throw new EOFException("expected the server to close the connection, but it sent a byte 0x" + Integer.toHexString(b));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
