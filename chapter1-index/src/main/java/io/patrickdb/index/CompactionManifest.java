package io.patrickdb.index;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commit point of a compaction: a small file naming the segments it replaces (inputs) and
 * the segments that replace them (outputs). Until it exists, the outputs carry a temporary name
 * and recovery deletes them; once it exists, recovery finishes the swap (renames the outputs,
 * deletes the inputs). It is written under a temporary name, fsync'd and renamed, so it is
 * either whole or absent.
 *
 * <pre>
 *   patrickdb-compaction 1
 *   inputs 1 2 3
 *   outputs 7 8
 * </pre>
 */
record CompactionManifest(List<Integer> inputs, List<Integer> outputs) {
    private static final String HEADER = "patrickdb-compaction 1";

    static Path outputPath(Path dir, int id) {
        return dir.resolve(Segment.fileName(id) + DataDirectory.COMPACTION_OUTPUT_SUFFIX);
    }

    void write(Path dir) throws IOException {
        String text = HEADER + "\ninputs" + join(inputs) + "\noutputs" + join(outputs) + "\n";
        DataDirectory.writeAtomically(dir, DataDirectory.COMPACTION_MANIFEST, text);
    }

    /** Reads the manifest in {@code dir}, or returns null if there is none. */
    static CompactionManifest read(Path dir) throws IOException {
        Path file = dir.resolve(DataDirectory.COMPACTION_MANIFEST);
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 3 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("inputs") || !lines.get(2).startsWith("outputs")) {
            throw new StoreException("unreadable compaction manifest " + file + ": " + lines);
        }
        return new CompactionManifest(ids(lines.get(1)), ids(lines.get(2)));
    }

    /** Finishes a committed compaction that a crash interrupted. Safe to run more than once. */
    void finish(Path dir) throws IOException {
        for (int id : outputs) {
            Path tmp = outputPath(dir, id);
            if (Files.exists(tmp)) {
                Files.move(tmp, dir.resolve(Segment.fileName(id)), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        for (int id : inputs) {
            Path segment = dir.resolve(Segment.fileName(id));
            Files.deleteIfExists(segment);
            Files.deleteIfExists(HintFile.pathFor(segment));
        }
        syncDirectory(dir);
        remove(dir);
    }

    static void remove(Path dir) throws IOException {
        DataDirectory.delete(dir, DataDirectory.COMPACTION_MANIFEST);
    }

    /** Makes renames and deletions in {@code dir} durable (fsync of the directory itself). */
    static void syncDirectory(Path dir) throws IOException {
        DataDirectory.syncDirectory(dir);
    }

    private static String join(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(' ').append(id);
        }
        return sb.toString();
    }

    private static List<Integer> ids(String line) {
        List<Integer> ids = new ArrayList<>();
        Arrays.stream(line.trim().split(" ")).skip(1).forEach(s -> ids.add(Integer.parseInt(s)));
        return ids;
    }
}
