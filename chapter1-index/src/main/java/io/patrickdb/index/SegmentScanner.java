package io.patrickdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a segment file from its first byte to its last, record by record, and says where the
 * good records end. Recovery, compaction and hint files all read segments through it.
 *
 * <p>When it meets bytes that are not a good record, it tells the two possible stories apart.
 * If no good record follows them, they are the remains of an append that a crash interrupted
 * (a <em>torn write</em>) and everything before them is the log. If a good record follows, a
 * record in the middle of the log went bad, and the log cannot be trusted past that point.
 */
final class SegmentScanner {

    /** Receives each good record with its offset and size in the file. */
    @FunctionalInterface
    interface Visitor {
        void visit(LogRecord record, long offset, int size) throws IOException;
    }

    /**
     * What a scan found.
     *
     * @param validEnd  offset just past the last good record
     * @param fileSize  size of the file
     * @param problem   why the bytes at {@code validEnd} are not a record, or {@code null} if the
     *                  file ends cleanly
     * @param tornWrite whether the bad bytes are a torn write (nothing good follows them)
     */
    record Result(long validEnd, long fileSize, String problem, boolean tornWrite) {
        boolean clean() {
            return problem == null;
        }
    }

    private SegmentScanner() {
    }

    static Result scan(FileChannel channel, int maxValueBytes, Visitor visitor) throws IOException {
        // BEGIN SOLUTION chapter1.part3
        long fileSize = channel.size();
        ByteBuffer buf = ByteBuffer.allocate(Math.max(1 << 20, RecordFormat.sizeOf(Limits.MAX_KEY_BYTES, maxValueBytes)));
        long bufStart = 0; // file offset of buf's first byte
        long readPos = 0;  // file offset of the next byte to read into buf
        buf.limit(0);
        while (true) {
            int recordStart = buf.position();
            RecordFormat.Decoded decoded = RecordFormat.decode(buf, maxValueBytes);
            long offset = bufStart + recordStart;
            if (decoded instanceof RecordFormat.Decoded.Ok ok) {
                visitor.visit(ok.record(), offset, ok.size());
            } else if (decoded instanceof RecordFormat.Decoded.Incomplete && readPos < fileSize) {
                buf.compact();              // keep the partial record, make room after it
                bufStart = offset;
                int n = readMore(channel, buf, readPos);
                readPos += n;
                if (n == 0) {
                    fileSize = readPos; // the file is shorter than it said: treat what we have as all
                }
                buf.flip();
            } else if (offset == fileSize) {
                return new Result(offset, fileSize, null, false);
            } else {
                String problem = decoded instanceof RecordFormat.Decoded.Corrupt c ? c.reason()
                        : "record runs past the end of the file (" + (fileSize - offset) + " bytes left)";
                boolean torn = !anyGoodRecordAfter(channel, offset, fileSize, maxValueBytes);
                return new Result(offset, fileSize, problem, torn);
            }
        }
        // STUB: throw new UnsupportedOperationException("chapter1.part3: read records until the file ends or a bad one");
        // END SOLUTION
    }

    private static int readMore(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /**
     * Whether a good record starts anywhere after {@code badOffset}: tries every byte position.
     * Only recovery's failure path pays for this, and a random match needs a 32-bit checksum to
     * agree by chance.
     */
    static boolean anyGoodRecordAfter(FileChannel channel, long badOffset, long fileSize, int maxValueBytes) throws IOException {
        if (fileSize - badOffset <= 1) {
            return false;
        }
        ByteBuffer rest = channel.map(FileChannel.MapMode.READ_ONLY, badOffset + 1, fileSize - badOffset - 1);
        for (int start = 0; start + RecordFormat.HEADER_SIZE <= rest.limit(); start++) {
            rest.position(start);
            if (RecordFormat.decode(rest, maxValueBytes) instanceof RecordFormat.Decoded.Ok) {
                return true;
            }
        }
        return false;
    }
}
