package io.patrickdb.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a history file in whichever of the {@link HistoryFormat}s it is written in. */
public final class HistoryReader {
    private HistoryReader() {
    }

    /**
     * Reads {@code file}, recognising its format.
     *
     * @throws IOException if the file cannot be read at all (missing, unreadable, not UTF-8)
     */
    public static ParseResult read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Reads {@code lines}, recognising their format. */
    public static ParseResult parse(List<String> lines) {
        return HistoryFormat.detect(lines)
                .map(format -> format.parse(lines))
                .orElseGet(() -> new ParseResult.Malformed(1, "not a history: expected the header '"
                        + PatrickDbFormat.HEADER + "', an EDN map per line, or Jepsen log lines"));
    }
}
