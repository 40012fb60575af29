package io.patrickdb.protocol;

/**
 * The operation codes of PROTOCOL.md §3. Plain {@code int}s rather than an enum, because later
 * chapters (and the evolution test) add operations this version has never heard of, and a
 * reader must be able to carry a code it does not know.
 */
public final class OpCode {
    public static final int HANDSHAKE = 0x00;
    public static final int PING = 0x01;
    public static final int GET = 0x02;
    public static final int PUT = 0x03;
    public static final int DELETE = 0x04;
    public static final int COMPARE_AND_SET = 0x05;
    public static final int MULTI_GET = 0x06;
    public static final int STATS = 0x07;
    /** The op of a connection error (PROTOCOL.md §5): not a request, only ever a response. */
    public static final int CONNECTION_ERROR = 0xFF;

    private OpCode() {
    }
}
