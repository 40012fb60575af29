package io.patrickdb.history;

import java.util.List;
import java.util.Optional;

/** The history file formats the readers know. */
public enum HistoryFormat {
    /** Patrick-DB's own: see {@link PatrickDbFormat}. Times are the recorder's clock. */
    PATRICKDB("Patrick-DB history", false),
    /** Jepsen's EDN, one map per line: see {@link JepsenHistoryReader}. Times are line numbers. */
    JEPSEN_EDN("Jepsen EDN history", true),
    /** Jepsen's log lines: see {@link JepsenHistoryReader}. Times are line numbers. */
    JEPSEN_LOG("Jepsen log", true);

    private final String description;
    private final boolean timesAreLineNumbers;

    HistoryFormat(String description, boolean timesAreLineNumbers) {
        this.description = description;
        this.timesAreLineNumbers = timesAreLineNumbers;
    }

    /** The format's name in words. */
    public String description() {
        return description;
    }

    /** True if the reader uses line numbers as times, so a report can say "line" instead of "time". */
    public boolean timesAreLineNumbers() {
        return timesAreLineNumbers;
    }

    /** Reads {@code lines} in this format. */
    public ParseResult parse(List<String> lines) {
        return switch (this) {
            case PATRICKDB -> PatrickDbFormat.parse(lines);
            case JEPSEN_EDN -> JepsenHistoryReader.parseEdn(lines);
            case JEPSEN_LOG -> JepsenHistoryReader.parseLog(lines);
        };
    }

    /**
     * Recognises the format from the file's first lines: Patrick-DB's header, a line that starts
     * with {@code {} (EDN), or a {@code jepsen.util} event line anywhere (a log starts with noise).
     */
    public static Optional<HistoryFormat> detect(List<String> lines) {
        Optional<String> first = lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith(";"))
                .findFirst();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        if (first.get().startsWith(PatrickDbFormat.HEADER)) {
            return Optional.of(PATRICKDB);
        }
        if (first.get().startsWith("{")) {
            return Optional.of(JEPSEN_EDN);
        }
        boolean isLog = lines.stream().anyMatch(line -> JepsenHistoryReader.LOG_LINE.matcher(line).matches());
        return isLog ? Optional.of(JEPSEN_LOG) : Optional.empty();
    }
}
