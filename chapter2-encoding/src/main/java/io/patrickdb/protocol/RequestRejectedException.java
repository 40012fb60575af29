package io.patrickdb.protocol;

import java.util.Objects;

/**
 * A request frame the server will not run: malformed, or an operation or version it does not
 * speak. It carries the error response to send back; the frame boundary is known, so the
 * connection carries on.
 */
public class RequestRejectedException extends RuntimeException {
    private final transient Response.Error error;

    public RequestRejectedException(Response.Error error) {
        super(error.message());
        this.error = Objects.requireNonNull(error);
    }

    /** The response to send. */
    public Response.Error error() {
        return error;
    }
}
