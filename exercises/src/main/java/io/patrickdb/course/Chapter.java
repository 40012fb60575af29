package io.patrickdb.course;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One chapter of the course as the tool sees it: its Maven module, its sheet's exercises, the
 * solution regions in its main sources, and the tags of its tests.
 */
public record Chapter(int number, String module, Sheet sheet, List<SolutionRegion> regions, TestTags tests) {
    public Chapter {
        regions = List.copyOf(regions);
    }

    public String title() {
        return sheet.title();
    }

    public List<Exercise> exercises() {
        return sheet.exercises();
    }

    public Optional<Exercise> exercise(String id) {
        return exercises().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The files that hold at least one solution region, in a stable order. */
    public List<Path> filesWithRegions() {
        return regions.stream().map(SolutionRegion::file).distinct().sorted().toList();
    }

    /** Every tag of this chapter's tests that belongs to this chapter ({@code chapterN.*}). */
    public Set<String> testTags() {
        return tests.byTag().keySet().stream()
                .filter(t -> t.startsWith("chapter" + number + "."))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** A JUnit tag expression that selects this chapter's tests, for {@code -Dgroups}. */
    public String groupsExpression() {
        return String.join("|", testTags());
    }

    /**
     * A JUnit tag expression that selects the tests of this chapter's exercises: what a student
     * runs while solving them. The rest of the chapter's tests (the fault suites) need no stub's
     * view and run with the build.
     */
    public String exerciseGroupsExpression() {
        return String.join("|", exercises().stream().map(Exercise::id).distinct().toList());
    }
}
