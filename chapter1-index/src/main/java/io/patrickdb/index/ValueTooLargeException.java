package io.patrickdb.index;

/** A value larger than the store's configured limit. */
public final class ValueTooLargeException extends IllegalArgumentException {
    private final int size;
    private final int limit;

    public ValueTooLargeException(int size, int limit) {
        super("value is " + size + " bytes; the limit is " + limit);
        this.size = size;
        this.limit = limit;
    }

    /** The size of the refused value in bytes. */
    public int size() {
        return size;
    }

    /** The largest value the store accepts. */
    public int limit() {
        return limit;
    }
}
