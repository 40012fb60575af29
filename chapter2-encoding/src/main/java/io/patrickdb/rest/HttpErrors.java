package io.patrickdb.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.patrickdb.client.ConnectionException;
import io.patrickdb.client.RequestTimeoutException;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.protocol.Status;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a failure looks to an HTTP client. The binary protocol's statuses are translated to the
 * nearest HTTP status, so a REST client never needs to know the protocol exists:
 *
 * <pre>
 *   INVALID_KEY, MALFORMED                      400 Bad Request        (the caller's mistake)
 *   VALUE_TOO_LARGE                             413 Content Too Large
 *   UNAVAILABLE, no connection, no answer       503 Service Unavailable (try again later)
 *   UnsupportedOperationException               501 Not Implemented    (a stub still in place)
 *   anything else                               500 Internal Server Error
 * </pre>
 *
 * Routes and the batch both use this table, so a key refused alone and a key refused in a
 * batch get the same status.
 */
final class HttpErrors {
    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    /** The JSON error response for {@code failure}. */
    static RestResponse toResponse(Throwable failure) {
        return RestResponse.error(statusOf(failure), messageOf(failure));
    }

    static HttpResponseStatus statusOf(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof HttpStatusException refused) {
            return refused.status();
        } else if (e instanceof ServerErrorException server) {
            return httpStatusOf(server.status());
        } else if (e instanceof ConnectionException || e instanceof RequestTimeoutException) {
            // The server may be restarting: a client should try again, which 503 says.
            return HttpResponseStatus.SERVICE_UNAVAILABLE;
        } else if (e instanceof UnsupportedOperationException) {
            return HttpResponseStatus.NOT_IMPLEMENTED;
        }
        return HttpResponseStatus.INTERNAL_SERVER_ERROR;
    }

    /** The HTTP status for a Patrick-DB error status: the client's fault, too large, try again, or ours. */
    private static HttpResponseStatus httpStatusOf(Status status) {
        if (status.equals(Status.INVALID_KEY) || status.equals(Status.MALFORMED)) {
            return HttpResponseStatus.BAD_REQUEST;
        } else if (status.equals(Status.VALUE_TOO_LARGE)) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        } else if (status.equals(Status.UNAVAILABLE) || status.equals(Status.NOT_ENOUGH_REPLICAS)
                || status.equals(Status.NOT_LEADER)) {
            return HttpResponseStatus.SERVICE_UNAVAILABLE; // try again: later, or once the leader is known
        }
        return HttpResponseStatus.INTERNAL_SERVER_ERROR;
    }

    static String messageOf(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof HttpStatusException || e instanceof ServerErrorException
                || e instanceof ConnectionException || e instanceof RequestTimeoutException) {
            return e.getMessage();
        }
        if (e instanceof UnsupportedOperationException) {
            return "not implemented: " + e.getMessage(); // says which exercise is missing
        }
        // A bug in the gateway or the client: the details go to the log, not to the caller.
        log.error("request failed unexpectedly", e);
        return "internal error";
    }

    /** A future's failure arrives wrapped in a {@link CompletionException}; the cause is what happened. */
    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
