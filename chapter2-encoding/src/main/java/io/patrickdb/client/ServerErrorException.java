package io.patrickdb.client;

import io.patrickdb.protocol.Status;

/** The server answered with an error status; the message is the server's. */
public class ServerErrorException extends PatrickClientException {
    private final Status status;

    public ServerErrorException(Status status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    /** The error status, e.g. {@link Status#INVALID_KEY}. */
    public Status status() {
        return status;
    }
}
