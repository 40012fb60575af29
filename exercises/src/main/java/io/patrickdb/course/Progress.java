package io.patrickdb.course;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A student's progress through a chapter: one row per exercise (and per other tag of the
 * chapter's tests, such as {@code chapter1.model}), counted from a run's test outcomes.
 */
public record Progress(Chapter chapter, List<Row> rows) {
    /** One exercise: how many of its tests passed, and its first failure (preferring one that names it), if any. */
    public record Row(String id, String title, int passed, int failed, int skipped, TestOutcome firstFailure) {
        public int total() {
            return passed + failed + skipped;
        }

        public boolean passing() {
            return failed == 0 && passed > 0;
        }

        String result() {
            if (total() == 0) {
                return "no tests ran";
            }
            String result = failed == 0 ? (passed > 0 ? "passing" : "skipped") : "FAILING";
            return skipped > 0 && failed == 0 && passed > 0 ? result + " (" + skipped + " skipped)" : result;
        }
    }

    public Progress {
        rows = List.copyOf(rows);
    }

    public static Progress of(Chapter chapter, List<TestOutcome> outcomes) {
        Map<String, String> titles = new LinkedHashMap<>();
        chapter.exercises().forEach(e -> titles.put(e.id(), e.title()));
        chapter.testTags().forEach(tag -> titles.putIfAbsent(tag, "(not an exercise: tests of the whole chapter)"));
        List<Row> rows = new ArrayList<>();
        titles.forEach((id, title) -> rows.add(row(chapter, id, title, outcomes)));
        return new Progress(chapter, rows);
    }

    private static Row row(Chapter chapter, String id, String title, List<TestOutcome> outcomes) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        TestOutcome first = null;
        for (TestOutcome o : outcomes) {
            if (!chapter.tests().of(o.testClass(), o.name()).contains(id)) {
                continue;
            }
            switch (o.status()) {
                case PASSED -> passed++;
                case SKIPPED -> skipped++;
                case FAILED -> {
                    failed++;
                    // Show the failure that names this exercise, if one does: it says what to do.
                    boolean better = first == null || !first.message().contains(id) && o.message().contains(id);
                    if (better) {
                        first = o;
                    }
                }
            }
        }
        return new Row(id, title, passed, failed, skipped, first);
    }

    public boolean allPassing() {
        return rows.stream().allMatch(Row::passing);
    }

    /** Prints the table: one row per exercise, with the first failure's message under a failing row. */
    public void print(PrintStream out) {
        out.printf("%s  (module %s)%n%n", chapter.title(), chapter.module());
        int titleWidth = Math.min(48, rows.stream().mapToInt(r -> r.title().length()).max().orElse(5));
        String format = "  %-16s %-" + titleWidth + "s %7s  %s%n";
        out.printf(format, "exercise", "title", "passed", "result");
        for (Row r : rows) {
            out.printf(format, r.id(), shorten(r.title(), titleWidth), r.passed() + "/" + r.total(), r.result());
            if (r.firstFailure() != null) {
                out.printf("  %16s first failure: %s%n", "", r.firstFailure().displayName());
                out.printf("  %16s   %s%n", "", shorten(r.firstFailure().message().lines().findFirst().orElse(""), 110));
            }
        }
        long done = rows.stream().filter(r -> r.passing() && chapter.exercise(r.id()).isPresent()).count();
        out.printf("%n%d of %d exercises passing.%n", done, chapter.exercises().size());
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
