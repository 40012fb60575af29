package io.patrickdb.history;

/**
 * A line of a history file that cannot be read. Thrown inside the readers, which catch it and
 * return a {@link ParseResult.Malformed} with the line number: callers see a value, not this.
 */
final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
        super(message, null, false, false);
    }
}
