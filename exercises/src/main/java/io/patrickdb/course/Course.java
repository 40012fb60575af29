package io.patrickdb.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The course found in a repository: every module of the root {@code pom.xml} named
 * {@code chapterN-...} is chapter N, with its sheet in {@code exercises/chapterN.md}.
 */
public record Course(Path root, List<Chapter> chapters) {
    private static final Pattern MODULE = Pattern.compile("<module>(chapter(\\d+)-[^<]+)</module>");

    public Course {
        chapters = List.copyOf(chapters);
    }

    /** Reads the course under {@code root}; throws {@link MarkerException} on a bad marker or sheet. */
    public static Course read(Path root) throws IOException {
        Path pom = root.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new IOException(root.toAbsolutePath() + " is not the repository root (no pom.xml)");
        }
        List<Chapter> chapters = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(pom));
        while (m.find()) {
            chapters.add(readChapter(root, Integer.parseInt(m.group(2)), m.group(1)));
        }
        chapters.sort(Comparator.comparingInt(Chapter::number));
        return new Course(root, chapters);
    }

    private static Chapter readChapter(Path root, int number, String module) throws IOException {
        Path sheetFile = root.resolve("exercises").resolve("chapter" + number + ".md");
        Sheet sheet = Files.isRegularFile(sheetFile) ? Sheet.read(sheetFile)
                : new Sheet(sheetFile, "Chapter " + number + " (no exercise sheet)", List.of());
        List<SolutionRegion> regions = new ArrayList<>();
        Path main = root.resolve(module).resolve("src/main");
        if (Files.isDirectory(main)) {
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(main)) {
                sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : sources) {
                regions.addAll(Markers.parse(root.relativize(file), Files.readAllLines(file)));
            }
        }
        return new Chapter(number, module, sheet, regions, TestTags.scan(root.resolve(module).resolve("src/test/java")));
    }

    /** Chapter {@code number}, or an exception that lists the chapters there are. */
    public Chapter chapter(int number) {
        return chapters.stream().filter(c -> c.number() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("there is no chapter " + number + "; chapters: "
                        + chapters.stream().map(c -> String.valueOf(c.number())).toList()));
    }

    /**
     * The problems that make the markers of a chapter unusable: a region for an exercise the
     * sheet does not list, an exercise without a region, an exercise without a test.
     */
    public static List<String> problems(Chapter chapter) {
        List<String> problems = new ArrayList<>();
        for (SolutionRegion r : chapter.regions()) {
            if (r.chapter() != chapter.number()) {
                problems.add(r.file() + ":" + r.begin() + ": region for " + r.exercise() + " in the module of chapter " + chapter.number());
            } else if (chapter.exercise(r.exercise()).isEmpty()) {
                problems.add(r.file() + ":" + r.begin() + ": unknown exercise " + r.exercise() + " (not listed in " + chapter.sheet().file().getFileName() + ")");
            }
        }
        for (Exercise e : chapter.exercises()) {
            if (chapter.regions().stream().noneMatch(r -> r.exercise().equals(e.id()))) {
                problems.add(chapter.sheet().file().getFileName() + ": exercise " + e.id() + " has no solution region");
            }
            if (!chapter.tests().byTag().containsKey(e.id())) {
                problems.add(chapter.sheet().file().getFileName() + ": exercise " + e.id() + " has no test tagged @Tag(\"" + e.id() + "\")");
            }
        }
        return problems;
    }
}
