package io.patrickdb.index;

/** A key the store refuses: empty, longer than 250 bytes, or with whitespace or control characters. */
public final class InvalidKeyException extends IllegalArgumentException {
    public InvalidKeyException(String message) {
        super(message);
    }
}
