package io.patrickdb.protocol;

/**
 * The versions of one operation that a program speaks, as the handshake exchanges them.
 *
 * @param opCode the operation
 * @param min    the oldest version it reads and writes
 * @param max    the newest
 */
public record VersionRange(int opCode, int min, int max) {
    public VersionRange {
        if (opCode < 0 || opCode > 255 || min < 0 || max > 255 || min > max) {
            throw new IllegalArgumentException("bad version range: op " + opCode + ", " + min + ".." + max);
        }
    }

    /** The highest version both ranges contain, or -1 if they do not overlap. */
    public int highestCommon(VersionRange other) {
        // BEGIN SOLUTION chapter2.part6
        int high = Math.min(max, other.max);
        return high >= Math.max(min, other.min) ? high : -1;
        // STUB: throw new UnsupportedOperationException("chapter2.part6: the highest version in both ranges, or -1");
        // END SOLUTION
    }

    static void write(BodyWriter w, VersionRange r) {
        w.u8(r.opCode).u8(r.min).u8(r.max);
    }

    static VersionRange read(BodyReader r) {
        int op = r.u8();
        int min = r.u8();
        int max = r.u8();
        if (min > max) {
            throw new MalformedFrameException("version range of op " + op + " runs backwards: " + min + ".." + max);
        }
        return new VersionRange(op, min, max);
    }

    @Override
    public String toString() {
        return String.format("op 0x%02x versions %d..%d", opCode, min, max);
    }
}
