package io.patrickdb.client;

/**
 * The client could not reach the server, or lost the connection with the request in flight
 * (in which case, as with a timeout, the request may or may not have been carried out).
 */
public class ConnectionException extends PatrickClientException {
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
