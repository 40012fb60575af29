package io.patrickdb.protocol;

/**
 * Bytes that do not follow the protocol: a length past the end of the body, a string that is not
 * UTF-8, bytes left over. The server answers with {@link Status#MALFORMED}; the frame boundary is
 * still known, so the connection stays usable.
 */
public class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message) {
        super(message);
    }
}
