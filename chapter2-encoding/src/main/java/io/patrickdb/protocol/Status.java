package io.patrickdb.protocol;

/**
 * The first byte of every response body. Statuses below {@code 0x40} are outcomes of an
 * operation that worked (a get that found nothing is not an error); {@code 0x40} and above are
 * errors, which all share one layout: a message, then tags.
 */
public enum Status {
    OK(0x00),
    NOT_FOUND(0x01),
    VERSION_MISMATCH(0x02),
    MALFORMED(0x40),
    UNSUPPORTED_OPERATION(0x41),
    UNSUPPORTED_VERSION(0x42),
    INVALID_KEY(0x43),
    VALUE_TOO_LARGE(0x44),
    FRAME_TOO_LARGE(0x45),
    UNAVAILABLE(0x46),
    SERVER_ERROR(0x47);

    private static final Status[] BY_CODE = new Status[256];

    static {
        for (Status s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }

    /** Whether this status is an error, with the common error layout. */
    public boolean isError() {
        return code >= 0x40;
    }

    /** The status with this code; throws {@link MalformedFrameException} for a code no version defines. */
    public static Status of(int code) {
        Status s = code >= 0 && code < 256 ? BY_CODE[code] : null;
        if (s == null) {
            throw new MalformedFrameException(String.format("unknown status 0x%02x", code));
        }
        return s;
    }
}
