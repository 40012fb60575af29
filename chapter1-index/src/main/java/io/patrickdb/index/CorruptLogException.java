package io.patrickdb.index;

import java.nio.file.Path;

/**
 * A record before the end of a segment failed its checks, so the log cannot be trusted past it.
 * The store refuses to open; {@link StoreOptions#withRepair(boolean) repair} cuts the segment at
 * {@link #offset()} and opens with what came before.
 */
public final class CorruptLogException extends StoreException {
    private final Path file;
    private final long offset;

    public CorruptLogException(Path file, long offset, String reason) {
        super("corrupt record in " + file + " at byte offset " + offset + ": " + reason
                + " (open with repair to cut the segment there)");
        this.file = file;
        this.offset = offset;
    }

    /** The segment file that holds the bad record. */
    public Path file() {
        return file;
    }

    /** The byte offset of the bad record in {@link #file()}. */
    public long offset() {
        return offset;
    }
}
