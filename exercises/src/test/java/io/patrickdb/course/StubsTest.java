package io.patrickdb.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("course")
class StubsTest {
    private static final List<String> SOURCE = """
            class Foo {
                int a() {
                    // BEGIN SOLUTION chapter1.part1
                    return 1;
                    // STUB: throw new UnsupportedOperationException("chapter1.part1: a");
                    // END SOLUTION
                }
                int b() {
                    // BEGIN SOLUTION chapter1.part2
                    return 2;
                    // STUB: return 0;
                    // END SOLUTION
                }
            }
            """.lines().toList();
    private static final List<SolutionRegion> REGIONS = Markers.parse(Path.of("Foo.java"), SOURCE);

    @Test
    void replacesEverySelectedRegionBySignpostAndStub() {
        List<String> stubbed = Stubs.apply(SOURCE, REGIONS, id -> true);
        assertThat(stubbed).containsExactly(
                "class Foo {",
                "    int a() {",
                "        // EXERCISE chapter1.part1: write this part (see exercises/chapter1.md)",
                "        throw new UnsupportedOperationException(\"chapter1.part1: a\");",
                "    }",
                "    int b() {",
                "        // EXERCISE chapter1.part2: write this part (see exercises/chapter1.md)",
                "        return 0;",
                "    }",
                "}");
    }

    @Test
    void keepsRegionsOfOtherExercisesWithTheirMarkers() {
        List<String> stubbed = Stubs.apply(SOURCE, REGIONS, "chapter1.part2"::equals);
        assertThat(stubbed).containsSubsequence("        // BEGIN SOLUTION chapter1.part1", "        return 1;", "        // END SOLUTION");
        assertThat(stubbed).doesNotContain("        return 2;").contains("        return 0;");
        assertThat(Markers.parse(Path.of("Foo.java"), stubbed)).extracting(SolutionRegion::exercise).containsExactly("chapter1.part1");
    }

    @Test
    void selectingNothingChangesNothing() {
        assertThat(Stubs.apply(SOURCE, REGIONS, id -> false)).isEqualTo(SOURCE);
    }
}
