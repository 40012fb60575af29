package io.patrickdb.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chapter's exercise sheet, {@code exercises/chapterN.md}: the list of its exercises.
 *
 * <p>The sheet is written for students; the tool reads two things from it: the title, its first
 * line ({@code # Chapter 1: Index structures}), and one heading per exercise, in order:
 * {@code ## Exercise chapter1.part1: The record format}.
 */
public record Sheet(Path file, String title, List<Exercise> exercises) {
    private static final Pattern TITLE = Pattern.compile("# (.+)");
    private static final Pattern EXERCISE = Pattern.compile("## Exercise (\\S+): (.+)");

    public Sheet {
        exercises = List.copyOf(exercises);
    }

    public static Sheet read(Path file) throws IOException {
        return parse(file, Files.readAllLines(file));
    }

    static Sheet parse(Path file, List<String> lines) {
        String title = null;
        List<Exercise> exercises = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher t = TITLE.matcher(line);
            if (title == null && t.matches()) {
                title = t.group(1).strip();
            }
            Matcher e = EXERCISE.matcher(line);
            if (e.matches()) {
                String id = e.group(1);
                if (!Markers.EXERCISE_ID.matcher(id).matches()) {
                    throw new MarkerException(file, i + 1, "exercise id '" + id + "' is not of the form chapterN.partK");
                }
                if (exercises.stream().anyMatch(x -> x.id().equals(id))) {
                    throw new MarkerException(file, i + 1, "exercise " + id + " is listed twice");
                }
                exercises.add(new Exercise(id, e.group(2).strip()));
            }
        }
        if (title == null) {
            throw new MarkerException(file, 1, "the sheet has no '# Title' line");
        }
        return new Sheet(file, title, exercises);
    }
}
