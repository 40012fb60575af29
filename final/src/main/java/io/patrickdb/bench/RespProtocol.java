package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import java.util.List;

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
 *
 * <p>A node of a Redis Cluster answers a key whose slot it does not serve with
 * {@code -MOVED 3999 127.0.0.1:6381\r\n}: the key's slot and the node that serves it. The parser
 * reports that as a {@link Redirect}; the cluster client sends the request there.
 */
final class RespProtocol implements WireProtocol {
    private static final byte[] GET = Ascii.bytes("*2\r\n$3\r\nGET\r\n");
    private static final byte[] SET = Ascii.bytes("*3\r\n$3\r\nSET\r\n");
    private static final byte[] MOVED = Ascii.bytes("-MOVED ");

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

    @Override
    public SlotMap slotMap(String host, int port) {
        return RedisClusterSlots.read(host, port);
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
                if (Ascii.startsWith(in, start, eol, MOVED)) {
                    moved(Ascii.text(in, start + 1, eol), listener);
                } else if (in.getByte(start) == '-') {
                    listener.error(answered, Ascii.text(in, start + 1, eol));
                } else {
                    listener.response(answered);
                }
                in.readerIndex(end);
            }
        }

        /** {@code MOVED <slot> <host>:<port>} as a redirect; an error if it does not say that. */
        private void moved(String error, Listener listener) {
            String[] words = error.split(" ");
            if (words.length == 3 && words[2].contains(":")) {
                try {
                    listener.redirected(answered, new Redirect(Integer.parseInt(words[1]), List.of(words[2]), error));
                    return;
                } catch (NumberFormatException e) {
                    // not a slot: an error like any other
                }
            }
            listener.error(answered, error);
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
