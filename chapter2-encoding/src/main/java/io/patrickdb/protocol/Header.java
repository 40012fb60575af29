package io.patrickdb.protocol;

/**
 * The 7 bytes after a frame's prefix (PROTOCOL.md §1).
 *
 * @param opCode    the operation
 * @param version   the version of that operation's body layout
 * @param flags     bit 0 set in responses; other bits reserved
 * @param requestId chosen by the client, echoed by the response; 0 only for connection errors
 */
public record Header(int opCode, int version, int flags, int requestId) {

    /** The flag bit that marks a response. */
    public static final int RESPONSE = 0x01;

    /** The header of a request. */
    public static Header request(int opCode, int version, int requestId) {
        return new Header(opCode, version, 0, requestId);
    }

    /** The header of the response to this request: same op, version and id. */
    public Header response() {
        return new Header(opCode, version, RESPONSE, requestId);
    }

    public boolean isResponse() {
        return (flags & RESPONSE) != 0;
    }
}
