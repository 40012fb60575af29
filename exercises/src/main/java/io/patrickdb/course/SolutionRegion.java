package io.patrickdb.course;

import java.nio.file.Path;
import java.util.List;

/**
 * One solution region of a source file: lines {@code begin} to {@code end} (1-based, the marker
 * lines included) belong to {@code exercise}; {@code stub} is what replaces them in an exercise,
 * already uncommented and indented like the {@code STUB} lines were.
 */
public record SolutionRegion(Path file, int begin, int end, String exercise, List<String> stub) {
    public SolutionRegion {
        stub = List.copyOf(stub);
    }

    /** The chapter number of the exercise id, for example 1 for {@code chapter1.part4}. */
    public int chapter() {
        return Markers.chapterOf(exercise);
    }
}
