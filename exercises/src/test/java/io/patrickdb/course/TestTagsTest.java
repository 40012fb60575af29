package io.patrickdb.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("course")
class TestTagsTest {
    private static TestTags read(String fileName, String source) {
        TestTags tags = new TestTags();
        tags.read(Path.of(fileName), source.lines().toList());
        return tags;
    }

    @Test
    void aClassTagCoversEveryTestOfTheClassAndItsNestedClasses() {
        TestTags tags = read("RecoveryTest.java", """
                @Tag("chapter1.part3")
                @DisplayName("recovery")
                final class RecoveryTest {
                    @Test
                    void cutsATornTail() { }
                }
                """);
        assertThat(tags.of("io.patrickdb.index.RecoveryTest", "cutsATornTail")).containsExactly("chapter1.part3");
        assertThat(tags.of("io.patrickdb.index.RecoveryTest$Nested", "x()")).containsExactly("chapter1.part3");
        assertThat(tags.of("io.patrickdb.index.OtherTest", "cutsATornTail")).isEmpty();
    }

    @Test
    void aMethodTagCoversThatMethodWhateverTheReportAppendsToItsName() {
        TestTags tags = read("PropertyTest.java", """
                class PropertyTest {
                    @Test
                    @Tag("chapter1.part1")
                    void roundTrips() { }

                    @Tag("chapter1.model")
                    @ParameterizedTest
                    void matchesTheModel(IndexKind kind) { }
                }
                """);
        assertThat(tags.of("p.PropertyTest", "roundTrips")).containsExactly("chapter1.part1");
        assertThat(tags.of("p.PropertyTest", "matchesTheModel(IndexKind)[2]")).containsExactly("chapter1.model");
        assertThat(tags.of("p.PropertyTest", "other")).isEmpty();
        assertThat(tags.byTag()).isEqualTo(Map.of(
                "chapter1.part1", Set.of("PropertyTest#roundTrips"), "chapter1.model", Set.of("PropertyTest#matchesTheModel")));
    }
}
