package io.patrickdb.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Index structure two: Bitcask's key directory. Only keys stay in memory, each with the
 * {@link Location} of its latest record; a read is one positioned read of that record from its
 * segment file (usually served from the operating system's page cache). The data can be far
 * larger than memory; the keys cannot.
 *
 * <p>Expiry and version live in the record on disk, so the directory needs nothing else per key,
 * and it keeps even that in a compact table of its own ({@link KeyTable}).
 */
final class KeyDirectory implements Index {

    private static final int MAX_RETRIES = 1000;

    private final KeyTable table = new KeyTable();
    private final SegmentedLog log;
    private final int maxValueBytes;

    KeyDirectory(SegmentedLog log, int maxValueBytes) {
        this.log = log;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public Versioned get(String key) throws IOException {
        // BEGIN SOLUTION chapter1.part5
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Location at = table.get(bytes(key));
            if (at == null) {
                return null;
            }
            ByteBuffer bytes = log.read(at);
            if (bytes == null) {
                continue; // compaction moved the record after we looked: look again
            }
            if (RecordFormat.decode(bytes, maxValueBytes) instanceof RecordFormat.Decoded.Ok ok) {
                LogRecord r = ok.record();
                return new Versioned(r.value(), r.sequence(), r.expiresAt());
            }
            throw new StoreException("record for key " + key + " at " + at + " fails its checksum");
        }
        throw new StoreException("could not read key " + key + ": its segment kept moving");
        // STUB: throw new UnsupportedOperationException("chapter1.part5: find the location, read the record from the log");
        // END SOLUTION
    }

    @Override
    public int apply(LogRecord record, Location at) {
        // BEGIN SOLUTION chapter1.part5
        byte[] key = record.keyBytes();
        return sizeOf(record.type() == RecordType.PUT ? table.put(key, at) : table.remove(key));
        // STUB: throw new UnsupportedOperationException("chapter1.part5: remember where the record is");
        // END SOLUTION
    }

    /** Applies one entry of a hint file: what {@link #apply} does, without the value. */
    int apply(HintFile.Entry hint) {
        return sizeOf(hint.type() == RecordType.PUT ? table.put(hint.key(), hint.location()) : table.remove(hint.key()));
    }

    /** Removes the key given as UTF-8 bytes (hint files store it so). */
    int remove(byte[] key) {
        return sizeOf(table.remove(key));
    }

    @Override
    public int remove(String key) {
        return remove(bytes(key));
    }

    @Override
    public boolean isLive(LogRecord record, Location at) {
        return at.equals(table.get(record.keyBytes()));
    }

    @Override
    public void relocate(String key, Location from, Location to) {
        table.replace(bytes(key), from, to); // fails, rightly, if a writer replaced the key meanwhile
    }

    @Override
    public int size() {
        return table.size();
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static int sizeOf(Location at) {
        return at == null ? 0 : at.size();
    }
}
