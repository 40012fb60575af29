package io.patrickdb.bench;

/**
 * The server sent bytes that are not a response of the protocol being spoken (or told the
 * client it will close the connection). The connection cannot be trusted after this: where
 * the next response starts is unknown, so the run fails rather than guessing.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message says what was wrong with the bytes. */
    public ProtocolException(String message) {
        super(message);
    }
}
