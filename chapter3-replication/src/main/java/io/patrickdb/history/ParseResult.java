package io.patrickdb.history;

/** What reading a history file gave: the history, or where and why it could not be read. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Malformed {

    /**
     * The file held a history.
     *
     * @param history the operations
     * @param format the format it was written in
     */
    record Parsed(History history, HistoryFormat format) implements ParseResult {
    }

    /**
     * The file could not be read.
     *
     * @param line the 1-based line number of the first problem
     * @param problem what is wrong with it
     */
    record Malformed(int line, String problem) implements ParseResult {
        /** {@code line 12: problem}. */
        public String message() {
            return "line " + line + ": " + problem;
        }
    }
}
