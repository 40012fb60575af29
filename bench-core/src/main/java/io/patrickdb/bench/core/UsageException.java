package io.patrickdb.bench.core;

/** A bad command line: the message says what is wrong, for the user to read above the usage text. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A usage error that says {@code message}, such as "--pipeline must be at least 1, not 0". */
    public UsageException(String message) {
        super(message);
    }
}
