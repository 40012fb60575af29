package io.patrickdb.course;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Replaces solution regions by their stubs.
 *
 * <p>A stubbed region becomes one signpost comment, {@code // EXERCISE chapterN.partK: ...}, that
 * a student can search for, followed by the stub lines. Regions of other exercises keep their
 * code and their markers, so stubbing is repeatable and earlier chapters stay solved.
 */
public final class Stubs {
    private Stubs() {
    }

    /** {@code lines} with every region whose exercise {@code selected} accepts replaced by its stub. */
    public static List<String> apply(List<String> lines, List<SolutionRegion> regions, Predicate<String> selected) {
        List<String> out = new ArrayList<>(lines.size());
        int next = 1; // the next line (1-based) of the input still to copy
        for (SolutionRegion region : regions) {
            if (!selected.test(region.exercise())) {
                continue;
            }
            out.addAll(lines.subList(next - 1, region.begin() - 1));
            String indent = Markers.indentOf(lines.get(region.begin() - 1));
            out.add(indent + "// EXERCISE " + region.exercise() + ": write this part (see exercises/chapter"
                    + region.chapter() + ".md)");
            out.addAll(region.stub());
            next = region.end() + 1;
        }
        out.addAll(lines.subList(next - 1, lines.size()));
        return out;
    }
}
