package io.patrickdb.index;

/** What a log record says about its key: it now has a value, or it was deleted. */
public enum RecordType {
    /** The key maps to the record's value (until the record's expiry, if it has one). */
    PUT((byte) 1),
    /** The key was deleted; the record has no value. Compaction drops it once it shadows nothing. */
    TOMBSTONE((byte) 2);

    private final byte code;

    RecordType(byte code) {
        this.code = code;
    }

    /** The byte written to disk for this type. */
    public byte code() {
        return code;
    }

    /** The type for a byte read from disk, or {@code null} if the byte is not a known type. */
    static RecordType fromCode(byte code) {
        return switch (code) {
            case 1 -> PUT;
            case 2 -> TOMBSTONE;
            default -> null;
        };
    }
}
