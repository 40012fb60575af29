package io.patrickdb.bench.core;

/** The run could not go on (the server stopped answering, a connection broke): the message says why, for the user. */
public final class RunFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failed run; {@code message} is printed after the command's name. */
    public RunFailed(String message) {
        super(message);
    }
}
