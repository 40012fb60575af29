package io.patrickdb.replication.protocol;

import io.patrickdb.index.LogRecord;
import io.patrickdb.index.RecordFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Records as they travel from a leader to a follower: chapter 1's record format, one record after
 * another, exactly as they lie in the log. Each record carries its own checksum, so a follower
 * can tell a whole record from a damaged or cut one without trusting the frame around it.
 */
public final class RecordBatch {
    private RecordBatch() {
    }

    /** The records, encoded one after another. */
    public static byte[] encode(List<LogRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogRecord r : records) {
            out.writeBytes(RecordFormat.encode(r));
        }
        return out.toByteArray();
    }

    /**
     * What a batch decoded to: the whole records from its start, and why decoding stopped before
     * the end, if it did. A follower applies the records (a prefix of what the leader sent is
     * still a prefix of the leader's log) and, if there is a problem, fetches the rest again.
     */
    public record Decoded(List<LogRecord> records, String problem) {
        public boolean complete() {
            return problem == null;
        }
    }

    /** Decodes {@code bytes}; stops at the first bytes that are not a whole, intact record. */
    public static Decoded decode(byte[] bytes, int maxValueBytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<LogRecord> records = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position();
            RecordFormat.Decoded d = RecordFormat.decode(in, maxValueBytes);
            if (d instanceof RecordFormat.Decoded.Ok ok) {
                records.add(ok.record());
            } else if (d instanceof RecordFormat.Decoded.Corrupt bad) {
                return new Decoded(records, "record at byte " + at + " of the batch is damaged: " + bad.reason());
            } else {
                return new Decoded(records, "the batch ends in the middle of a record at byte " + at);
            }
        }
        return new Decoded(records, null);
    }
}
