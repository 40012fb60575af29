package io.patrickdb.client;

/** No response arrived in time. The request may or may not have been carried out. */
public class RequestTimeoutException extends PatrickClientException {
    public RequestTimeoutException(String message) {
        super(message);
    }
}
