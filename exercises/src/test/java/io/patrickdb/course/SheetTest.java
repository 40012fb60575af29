package io.patrickdb.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("course")
class SheetTest {
    private static final Path FILE = Path.of("exercises/chapter1.md");

    @Test
    void readsTheTitleAndTheExercisesInOrder() {
        Sheet sheet = Sheet.parse(FILE, """
                # Chapter 1: Index structures

                ## Learning goals
                ## Exercise chapter1.part1: The record format
                text
                ## Exercise chapter1.part2: The hash-map index
                ## Questions to think about
                """.lines().toList());
        assertThat(sheet.title()).isEqualTo("Chapter 1: Index structures");
        assertThat(sheet.exercises()).containsExactly(
                new Exercise("chapter1.part1", "The record format"), new Exercise("chapter1.part2", "The hash-map index"));
    }

    @Test
    void rejectsAnExerciseListedTwiceWithItsLine() {
        assertThatThrownBy(() -> Sheet.parse(FILE, "# T\n## Exercise chapter1.part1: A\n## Exercise chapter1.part1: B\n".lines().toList()))
                .hasMessage(FILE + ":3: exercise chapter1.part1 is listed twice");
    }

    @Test
    void rejectsABadExerciseId() {
        assertThatThrownBy(() -> Sheet.parse(FILE, "# T\n## Exercise part1: A\n".lines().toList()))
                .hasMessage(FILE + ":2: exercise id 'part1' is not of the form chapterN.partK");
    }
}
