package io.patrickdb.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("course")
class MarkersTest {
    private static final Path FILE = Path.of("chapter1-index/src/main/java/Foo.java");

    private static List<SolutionRegion> parse(String text) {
        return Markers.parse(FILE, text.lines().toList());
    }

    @Test
    void findsARegionWithItsExerciseLinesAndIndentedStub() {
        List<SolutionRegion> regions = parse("""
                class Foo {
                    int get() {
                        // BEGIN SOLUTION chapter1.part2
                        return 42;
                        // STUB: throw new UnsupportedOperationException("chapter1.part2: get");
                        // END SOLUTION
                    }
                }
                """);
        assertThat(regions).containsExactly(new SolutionRegion(FILE, 3, 6, "chapter1.part2",
                List.of("        throw new UnsupportedOperationException(\"chapter1.part2: get\");")));
        assertThat(regions.get(0).chapter()).isEqualTo(1);
    }

    @Test
    void findsSeveralRegionsAndKeepsStubLinesInOrder() {
        List<SolutionRegion> regions = parse("""
                // BEGIN SOLUTION chapter2.part1
                a();
                // STUB: int x = 0;
                // STUB: return x;
                // END SOLUTION
                between();
                // BEGIN SOLUTION chapter2.part3
                // END SOLUTION
                """);
        assertThat(regions).extracting(SolutionRegion::exercise).containsExactly("chapter2.part1", "chapter2.part3");
        assertThat(regions.get(0).stub()).containsExactly("int x = 0;", "return x;");
        assertThat(regions.get(1).stub()).isEmpty();
        assertThat(regions.get(1).begin()).isEqualTo(7);
    }

    @Test
    void rejectsANestedBeginWithBothLines() {
        assertThatThrownBy(() -> parse("""
                // BEGIN SOLUTION chapter1.part1
                // BEGIN SOLUTION chapter1.part2
                // END SOLUTION
                """)).isInstanceOf(MarkerException.class)
                .hasMessage(FILE + ":2: BEGIN SOLUTION inside the region opened at line 1 (regions do not nest)");
    }

    @Test
    void rejectsAnEndWithoutBegin() {
        assertThatThrownBy(() -> parse("x();\n// END SOLUTION\n"))
                .hasMessage(FILE + ":2: END SOLUTION without a BEGIN SOLUTION");
    }

    @Test
    void rejectsARegionThatIsNeverClosedNamingTheBeginLine() {
        assertThatThrownBy(() -> parse("a();\n// BEGIN SOLUTION chapter1.part1\nb();\n"))
                .hasMessage(FILE + ":2: BEGIN SOLUTION chapter1.part1 is never closed by END SOLUTION");
    }

    @Test
    void rejectsAStubOutsideARegion() {
        assertThatThrownBy(() -> parse("// STUB: return 0;\n"))
                .hasMessage(FILE + ":1: STUB outside a solution region");
    }

    @Test
    void rejectsAnExerciseIdOfTheWrongForm() {
        assertThatThrownBy(() -> parse("// BEGIN SOLUTION part1\n// END SOLUTION\n"))
                .hasMessage(FILE + ":1: exercise id 'part1' is not of the form chapterN.partK");
    }

    @Test
    void rejectsAMisspelledMarkerInsteadOfSkippingIt() {
        assertThatThrownBy(() -> parse("//BEGIN SOLUTION chapter1.part1\n"))
                .isInstanceOf(MarkerException.class)
                .hasMessageStartingWith(FILE + ":1: malformed marker '//BEGIN SOLUTION chapter1.part1'");
        assertThatThrownBy(() -> parse("// BEGIN SOLUTION\n"))
                .hasMessageStartingWith(FILE + ":1: malformed marker");
    }

    @Test
    void ignoresOrdinaryComments() {
        assertThat(parse("// the solution begins below\n/* END */\nx();\n")).isEmpty();
    }
}
