package io.patrickdb.protocol;

/**
 * The byte stream itself is wrong (bad magic, a length out of bounds), or the server will not
 * serve the connection. Unlike a rejected request, nothing after this point can be trusted to
 * start a frame, so the answer is one error frame with op {@code ff} and a closed connection
 * (PROTOCOL.md §5).
 */
public class ConnectionErrorException extends RuntimeException {
    private final Status status;

    public ConnectionErrorException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    /** The error frame's header: op ff, version 0, request id 0, as a response. */
    public static final Header HEADER = new Header(OpCode.CONNECTION_ERROR, 0, Header.RESPONSE, 0);

    /** The error response to send before closing. */
    public Response.Error toResponse() {
        return new Response.Error(status, getMessage());
    }
}
