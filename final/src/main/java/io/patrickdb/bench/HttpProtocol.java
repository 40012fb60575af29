package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;

/**
 * Patrick-DB's REST API over HTTP/1.1 with keep-alive:
 *
 * <pre>
 *   GET /v1/keys/KEY        200 with the value as the body, or 404 if the key has none
 *   PUT /v1/keys/KEY        (the value as the body)  200 or 204
 * </pre>
 *
 * HTTP/1.1 answers requests on a connection in the order they were sent, so with a pipeline
 * depth above 1 this is HTTP pipelining, and the n-th response answers request n. A body must
 * come with a {@code Content-Length}: chunked and close-delimited bodies are refused, which
 * keeps the parser small (and a server that answers a small value in chunks would be worth
 * knowing about).
 */
final class HttpProtocol implements WireProtocol {
    /** Longer headers than this are not a key-value server's answer; better to stop than to wait. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final byte[] GET = Ascii.bytes("GET /v1/keys/");
    private static final byte[] PUT = Ascii.bytes("PUT /v1/keys/");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("Content-Length:");
    private static final byte[] TRANSFER_ENCODING = Ascii.bytes("Transfer-Encoding:");
    private static final byte[] HTTP_1 = Ascii.bytes("HTTP/1.");

    private final byte[] versionAndHost;
    private final byte[] putHeaders;

    /** A protocol whose requests name {@code host} (as {@code host:port}) in their Host header. */
    HttpProtocol(String host) {
        this.versionAndHost = Ascii.bytes(" HTTP/1.1\r\nHost: " + host + "\r\n");
        this.putHeaders = Ascii.bytes("Content-Type: application/octet-stream\r\nContent-Length: ");
    }

    // The generator's keys (key:0000000042) are all characters a URL path may hold as they are,
    // so they need no percent-encoding.
    @Override
    public void encodeGet(ByteBuf out, int requestId, byte[] key) {
        out.writeBytes(GET).writeBytes(key).writeBytes(versionAndHost);
        Ascii.writeCrlf(out);
    }

    @Override
    public void encodeSet(ByteBuf out, int requestId, byte[] key, byte[] value) {
        out.writeBytes(PUT).writeBytes(key).writeBytes(versionAndHost).writeBytes(putHeaders);
        Ascii.writeDecimal(out, value.length);
        Ascii.writeCrlf(out);
        Ascii.writeCrlf(out);
        out.writeBytes(value);
    }

    @Override
    public ResponseParser newParser() {
        return new Parser();
    }

    /** Reads HTTP/1.1 responses; the n-th (not counting 1xx interim responses) answers request n. */
    static final class Parser implements ResponseParser {
        private int answered;

        @Override
        public void parse(ByteBuf in, Listener listener) {
            while (in.isReadable()) {
                int start = in.readerIndex();
                Head head = head(in, start);
                if (head == null) {
                    if (in.readableBytes() > MAX_HEADER_BYTES) {
                        throw new ProtocolException("no end of the HTTP headers in " + MAX_HEADER_BYTES + " bytes");
                    }
                    return;
                }
                long end = head.bodyStart() + bodyLength(head);
                if (end > in.writerIndex()) {
                    return;
                }
                report(head, in, start, listener);
                in.readerIndex((int) end);
            }
        }

        private void report(Head head, ByteBuf in, int start, Listener listener) {
            int status = head.status();
            if (status < 200) {
                return;   // 100 Continue and friends: the real response follows
            }
            answered++;
            if (status == 200 || status == 204 || status == 404) {   // 404: a get of an absent key
                listener.response(answered);
            } else {
                listener.error(answered, Ascii.text(in, start, Ascii.lineEnd(in, start)));
            }
        }

        /** The status line and headers starting at {@code start}, or null if not all here yet. */
        private static Head head(ByteBuf in, int start) {
            int eol = Ascii.lineEnd(in, start);
            if (eol < 0) {
                return null;
            }
            if (!Ascii.startsWith(in, start, eol, HTTP_1) || eol - start < 12) {
                throw new ProtocolException("not an HTTP/1.x status line: " + Ascii.text(in, start, eol));
            }
            int status = (int) Ascii.parseDecimal(in, start + 9, start + 12);
            long contentLength = -1;
            for (int line = eol + Ascii.CRLF; ; line = eol + Ascii.CRLF) {
                eol = Ascii.lineEnd(in, line);
                if (eol < 0) {
                    return null;
                }
                if (eol == line) {
                    return new Head(status, contentLength, eol + Ascii.CRLF);
                }
                if (Ascii.startsWithIgnoreCase(in, line, eol, CONTENT_LENGTH)) {
                    contentLength = headerNumber(in, line + CONTENT_LENGTH.length, eol);
                } else if (Ascii.startsWithIgnoreCase(in, line, eol, TRANSFER_ENCODING)) {
                    throw new ProtocolException("the server sent a " + Ascii.text(in, line, eol)
                            + " body; the load generator reads only Content-Length bodies");
                }
            }
        }

        private static long headerNumber(ByteBuf in, int from, int to) {
            while (from < to && (in.getByte(from) == ' ' || in.getByte(from) == '\t')) {
                from++;
            }
            while (to > from && (in.getByte(to - 1) == ' ' || in.getByte(to - 1) == '\t')) {
                to--;
            }
            return Ascii.parseDecimal(in, from, to);
        }

        private static long bodyLength(Head head) {
            if (head.contentLength() >= 0) {
                return head.contentLength();
            }
            int status = head.status();
            if (status < 200 || status == 204 || status == 304) {
                return 0;   // these never have a body
            }
            throw new ProtocolException("an HTTP " + status + " response without Content-Length");
        }

        /** A response's status, its Content-Length (-1 if none) and where its body starts. */
        private record Head(int status, long contentLength, int bodyStart) {
        }
    }
}
