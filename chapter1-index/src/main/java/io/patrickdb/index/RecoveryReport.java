package io.patrickdb.index;

import java.nio.file.Path;
import java.util.List;

/**
 * What opening a store found on disk.
 *
 * @param segments         segment files replayed
 * @param segmentsFromHints of those, how many were read through their hint file
 * @param records          records (or hint entries) replayed
 * @param cuts             places where recovery cut a segment short
 */
public record RecoveryReport(int segments, int segmentsFromHints, long records, List<Cut> cuts) {

    public RecoveryReport {
        cuts = List.copyOf(cuts);
    }

    /**
     * Recovery cut {@code file} at {@code offset}, dropping {@code droppedBytes} bytes.
     *
     * @param tornWrite true for the remains of an interrupted append (nothing good followed them);
     *                  false for a corrupt record that repair cut away, with what followed it
     */
    public record Cut(Path file, long offset, long droppedBytes, String reason, boolean tornWrite) {
    }
}
