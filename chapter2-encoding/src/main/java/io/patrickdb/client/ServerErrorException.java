package io.patrickdb.client;

import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;

/**
 * The server answered with an error status; the message is the server's, and the tags are the
 * error's own details (a {@code NOT_LEADER}'s leader, a {@code MOVED}'s owner), for the clients of
 * later chapters that act on them.
 */
public class ServerErrorException extends PatrickClientException {
    private final Status status;
    private final transient TaggedFields tags;

    public ServerErrorException(Status status, String message) {
        this(status, message, TaggedFields.EMPTY);
    }

    /** The exception for an error answer, with its tags. */
    public ServerErrorException(Response.Error error) {
        this(error.status(), error.message(), error.tags());
    }

    private ServerErrorException(Status status, String message, TaggedFields tags) {
        super(status + ": " + message);
        this.status = status;
        this.tags = tags;
    }

    /** The error status, e.g. {@link Status#INVALID_KEY}. */
    public Status status() {
        return status;
    }

    /** The error's tags, empty for most errors. */
    public TaggedFields tags() {
        return tags == null ? TaggedFields.EMPTY : tags;
    }
}
