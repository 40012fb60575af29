package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;

/**
 * Memcached's text protocol:
 *
 * <pre>
 *   get KEY\r\n                    VALUE KEY FLAGS BYTES\r\n(data)\r\nEND\r\n   or   END\r\n
 *   set KEY 0 0 BYTES\r\n(data)\r\n  STORED\r\n
 * </pre>
 *
 * The value is sent with its length, so any bytes may be in it. Errors are a line:
 * {@code ERROR}, {@code CLIENT_ERROR message} or {@code SERVER_ERROR message} (and a set may
 * answer {@code NOT_STORED}, which this generator counts as an error too). Memcached answers
 * in order, so responses carry no id.
 */
final class MemcachedProtocol implements WireProtocol {
    private static final byte[] GET = Ascii.bytes("get ");
    private static final byte[] SET = Ascii.bytes("set ");
    private static final byte[] FLAGS_AND_EXPIRY = Ascii.bytes(" 0 0 ");
    private static final byte[] VALUE = Ascii.bytes("VALUE ");
    private static final byte[] END = Ascii.bytes("END");
    private static final byte[] END_LINE = Ascii.bytes("END\r\n");
    private static final byte[] STORED = Ascii.bytes("STORED");
    private static final byte[] NOT_STORED = Ascii.bytes("NOT_STORED");
    private static final byte[] ERROR = Ascii.bytes("ERROR");
    private static final byte[] CLIENT_ERROR = Ascii.bytes("CLIENT_ERROR");
    private static final byte[] SERVER_ERROR = Ascii.bytes("SERVER_ERROR");

    @Override
    public void encodeGet(ByteBuf out, int requestId, byte[] key) {
        out.writeBytes(GET).writeBytes(key);
        Ascii.writeCrlf(out);
    }

    @Override
    public void encodeSet(ByteBuf out, int requestId, byte[] key, byte[] value) {
        out.writeBytes(SET).writeBytes(key).writeBytes(FLAGS_AND_EXPIRY);
        Ascii.writeDecimal(out, value.length);
        Ascii.writeCrlf(out);
        out.writeBytes(value);
        Ascii.writeCrlf(out);
    }

    @Override
    public ResponseParser newParser() {
        return new Parser();
    }

    /** Reads memcached's answers to get and set; the n-th answer is to request n. */
    static final class Parser implements ResponseParser {
        private int answered;

        @Override
        public void parse(ByteBuf in, Listener listener) {
            while (in.isReadable()) {
                int start = in.readerIndex();
                int eol = Ascii.lineEnd(in, start);
                if (eol < 0) {
                    return;
                }
                int end = eol + Ascii.CRLF;
                if (Ascii.startsWith(in, start, eol, VALUE)) {
                    end = valueEnd(in, start, eol);
                    if (end < 0) {
                        return;
                    }
                    listener.response(++answered);
                } else if (Ascii.equals(in, start, eol, END) || Ascii.equals(in, start, eol, STORED)) {
                    listener.response(++answered);   // END alone: a miss, which is not an error
                } else if (isError(in, start, eol)) {
                    listener.error(++answered, Ascii.text(in, start, eol));
                } else {
                    throw new ProtocolException("not a memcached answer to get or set: " + Ascii.text(in, start, eol));
                }
                in.readerIndex(end);
            }
        }

        /**
         * Where a hit ends: after the data, its CR LF and the END line; -1 if not all here.
         * The header is {@code VALUE key flags bytes [cas]}; the byte count is the fourth word.
         */
        private static int valueEnd(ByteBuf in, int start, int eol) {
            int from = start;
            for (int word = 0; word < 3; word++) {
                from = in.indexOf(from, eol, (byte) ' ');
                if (from < 0) {
                    throw new ProtocolException("a VALUE line without a byte count: " + Ascii.text(in, start, eol));
                }
                from++;
            }
            int to = in.indexOf(from, eol, (byte) ' ');
            long bytes = Ascii.parseDecimal(in, from, to < 0 ? eol : to);
            long end = eol + Ascii.CRLF + bytes + Ascii.CRLF + END_LINE.length;
            if (end > in.writerIndex()) {
                return -1;
            }
            if (!Ascii.equals(in, (int) end - END_LINE.length, (int) end, END_LINE)) {
                throw new ProtocolException("a VALUE of " + bytes + " bytes is not followed by END");
            }
            return (int) end;
        }

        private static boolean isError(ByteBuf in, int start, int eol) {
            return Ascii.equals(in, start, eol, ERROR)
                    || Ascii.equals(in, start, eol, NOT_STORED)
                    || Ascii.startsWith(in, start, eol, CLIENT_ERROR)
                    || Ascii.startsWith(in, start, eol, SERVER_ERROR);
        }
    }
}
