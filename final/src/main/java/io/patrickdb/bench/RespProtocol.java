package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;

/**
 * Redis's protocol, RESP. A command is an array of bulk strings:
 *
 * <pre>
 *   *2\r\n $3\r\nGET\r\n $14\r\nkey:0000000042\r\n
 *   *3\r\n $3\r\nSET\r\n $14\r\nkey:0000000042\r\n $100\r\n(100 bytes)\r\n
 * </pre>
 *
 * (without the spaces). GET answers with a bulk string {@code $5\r\nhello\r\n}, or the null bulk
 * string {@code $-1\r\n} if the key is absent; SET answers {@code +OK\r\n}; errors are
 * {@code -ERR message\r\n}. Redis answers in order, so responses carry no id.
 */
final class RespProtocol implements WireProtocol {
    private static final byte[] GET = Ascii.bytes("*2\r\n$3\r\nGET\r\n");
    private static final byte[] SET = Ascii.bytes("*3\r\n$3\r\nSET\r\n");

    @Override
    public void encodeGet(ByteBuf out, int requestId, byte[] key) {
        out.writeBytes(GET);
        writeBulkString(out, key);
    }

    @Override
    public void encodeSet(ByteBuf out, int requestId, byte[] key, byte[] value) {
        out.writeBytes(SET);
        writeBulkString(out, key);
        writeBulkString(out, value);
    }

    private static void writeBulkString(ByteBuf out, byte[] bytes) {
        out.writeByte('$');
        Ascii.writeDecimal(out, bytes.length);
        Ascii.writeCrlf(out);
        out.writeBytes(bytes);
        Ascii.writeCrlf(out);
    }

    @Override
    public ResponseParser newParser() {
        return new Parser();
    }

    /** Reads RESP replies; the n-th reply answers request n. */
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
                int end = replyEnd(in, start, eol);
                if (end < 0) {
                    return;
                }
                answered++;
                if (in.getByte(start) == '-') {
                    listener.error(answered, Ascii.text(in, start + 1, eol));
                } else {
                    listener.response(answered);
                }
                in.readerIndex(end);
            }
        }

        /** Where the reply whose first line is {@code [start, eol)} ends, or -1 if not all here. */
        private static int replyEnd(ByteBuf in, int start, int eol) {
            byte type = in.getByte(start);
            switch (type) {
                case '+', '-', ':' -> {
                    return eol + Ascii.CRLF;
                }
                case '$' -> {
                    long length = Ascii.parseDecimal(in, start + 1, eol);
                    if (length < 0) {
                        return eol + Ascii.CRLF;   // $-1: the key has no value
                    }
                    long end = eol + Ascii.CRLF + length + Ascii.CRLF;
                    if (end > in.writerIndex()) {
                        return -1;
                    }
                    if (in.getByte((int) end - 2) != '\r' || in.getByte((int) end - 1) != '\n') {
                        throw new ProtocolException("a bulk string of " + length + " bytes does not end in CR LF");
                    }
                    return (int) end;
                }
                default -> throw new ProtocolException("not a RESP reply to GET or SET: " + Ascii.text(in, start, eol));
            }
        }
    }
}
