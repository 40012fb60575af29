package io.patrickdb.course;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the solution regions of a source file.
 *
 * <p>The grammar, one marker per line (leading whitespace is ignored):
 * <ul>
 *   <li>{@code // BEGIN SOLUTION chapterN.ID} opens a region for exercise {@code chapterN.ID};
 *   <li>{@code // STUB: code} (only inside a region) is a line of the stub, {@code code} verbatim;
 *   <li>{@code // END SOLUTION} closes the region.
 * </ul>
 * Regions do not nest. A line that looks like a marker but is not exactly one (a typo such as
 * {@code //BEGIN SOLUTION} or a missing id) is an error too: a marker the tool silently skipped
 * would publish a solution in an exercise branch.
 */
public final class Markers {
    static final Pattern EXERCISE_ID = Pattern.compile("chapter(\\d+)\\.[a-z0-9]+");
    private static final Pattern BEGIN = Pattern.compile("// BEGIN SOLUTION (\\S+)");
    private static final Pattern STUB = Pattern.compile("// STUB:(?: (.*))?");
    private static final String END = "// END SOLUTION";
    private static final Pattern LOOKS_LIKE_MARKER = Pattern.compile("//\\s*(BEGIN SOLUTION|END SOLUTION|STUB:).*");

    private Markers() {
    }

    /** The regions of {@code file}, whose text is {@code lines}; throws {@link MarkerException} on a bad marker. */
    public static List<SolutionRegion> parse(Path file, List<String> lines) {
        List<SolutionRegion> regions = new ArrayList<>();
        int openedAt = 0;            // line of the open BEGIN, 0 when outside a region
        String exercise = null;
        List<String> stub = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            String trimmed = line.strip();
            if (!LOOKS_LIKE_MARKER.matcher(trimmed).matches()) {
                continue;
            }
            Matcher begin = BEGIN.matcher(trimmed);
            Matcher stubLine = STUB.matcher(trimmed);
            if (begin.matches()) {
                if (openedAt != 0) {
                    throw new MarkerException(file, lineNo, "BEGIN SOLUTION inside the region opened at line " + openedAt + " (regions do not nest)");
                }
                exercise = begin.group(1);
                if (!EXERCISE_ID.matcher(exercise).matches()) {
                    throw new MarkerException(file, lineNo, "exercise id '" + exercise + "' is not of the form chapterN.partK");
                }
                openedAt = lineNo;
                stub = new ArrayList<>();
            } else if (stubLine.matches()) {
                if (openedAt == 0) {
                    throw new MarkerException(file, lineNo, "STUB outside a solution region");
                }
                String code = stubLine.group(1) == null ? "" : stubLine.group(1);
                stub.add(indentOf(line) + code);
            } else if (trimmed.equals(END)) {
                if (openedAt == 0) {
                    throw new MarkerException(file, lineNo, "END SOLUTION without a BEGIN SOLUTION");
                }
                regions.add(new SolutionRegion(file, openedAt, lineNo, exercise, stub));
                openedAt = 0;
            } else {
                throw new MarkerException(file, lineNo, "malformed marker '" + trimmed + "' (expected '// BEGIN SOLUTION chapterN.partK', '// STUB: code' or '// END SOLUTION')");
            }
        }
        if (openedAt != 0) {
            throw new MarkerException(file, openedAt, "BEGIN SOLUTION " + exercise + " is never closed by END SOLUTION");
        }
        return regions;
    }

    /** The chapter number in an exercise id such as {@code chapter1.part4}. */
    static int chapterOf(String exercise) {
        Matcher m = EXERCISE_ID.matcher(exercise);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an exercise id: " + exercise);
        }
        return Integer.parseInt(m.group(1));
    }

    static String indentOf(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }
}
