package io.patrickdb.client;

/** The base of everything the client throws, so a caller can catch the client's failures in one place. */
public class PatrickClientException extends RuntimeException {
    public PatrickClientException(String message) {
        super(message);
    }

    public PatrickClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
