package io.patrickdb.rest;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The gateway refuses a request itself, before or instead of asking the server: a bad
 * {@code ttl}, a body over the limit, a batch document that does not parse. The message goes
 * to the HTTP client in the JSON error body.
 */
final class HttpStatusException extends RuntimeException {
    private final HttpResponseStatus status;

    HttpStatusException(HttpResponseStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpResponseStatus status() {
        return status;
    }
}
