package io.patrickdb.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A blocking Redis client of a few dozen lines, for the replication benchmark's probes: one
 * command at a time, RESP arrays of bulk strings out, any RESP2 reply back. The load generator
 * has its own pipelined codec ({@link RespProtocol}); this one is for the few requests per
 * millisecond that sample offsets and look for a probe key.
 */
final class RespClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to {@code host:port}; throws {@link IOException} if nothing listens there. */
    RespClient(String host, int port) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends one command and reads its reply: a {@code String} for simple strings, a {@code Long}
     * for integers, a {@code byte[]} for bulk strings ({@code null} for the null bulk string), a
     * {@code List} for arrays. An error reply throws {@link RedisError}.
     */
    Object call(Object... args) throws IOException {
        out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        return read();
    }

    /** {@code INFO section} as a map of its {@code name:value} lines. */
    Map<String, String> info(String section) throws IOException {
        return parseInfo(new String((byte[]) call("INFO", section), StandardCharsets.UTF_8));
    }

    /** The {@code name:value} lines of an INFO reply; comment lines ({@code # Replication}) and blank ones are skipped. */
    static Map<String, String> parseInfo(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** A replica line of a master's INFO replication ({@code ip=...,port=...,state=...,offset=...,lag=...}) as a map. */
    static Map<String, String> parseReplicaLine(String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("the server closed the connection");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new IOException("a bulk string of " + length + " bytes was cut short or does not end in CR LF");
                }
                return bytes;
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("not a RESP reply: it starts with '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("the server closed the connection mid-reply");
            }
            line.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("a RESP line ends in CR without LF");
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }

    /** An error reply ({@code -ERR ...}): the server answered, and said no. */
    static final class RedisError extends IOException {
        private static final long serialVersionUID = 1L;

        RedisError(String message) {
            super(message);
        }
    }
}
