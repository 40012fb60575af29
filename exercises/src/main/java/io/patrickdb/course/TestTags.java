package io.patrickdb.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which test proves which exercise, read from the {@code @Tag("...")} annotations of a module's
 * test sources.
 *
 * <p>A tag on a class covers every test the class runs (inherited ones too); a tag on a method
 * covers that method. This is a reading of the source, not of compiled classes, so it needs no
 * build; it understands annotations on their own line, which is how this project writes them.
 */
public final class TestTags {
    private static final Pattern TAG = Pattern.compile("@Tag\\(\"([^\"]+)\"\\)");
    private static final Pattern TYPE = Pattern.compile(".*\\b(class|interface|record|enum)\\s+(\\w+).*");
    private static final Pattern METHOD = Pattern.compile(".*\\b(\\w+)\\s*\\(.*");

    private final Map<String, Set<String>> classTags = new HashMap<>();   // simple class name -> tags
    private final Map<String, Set<String>> methodTags = new HashMap<>();  // Class#method -> tags

    TestTags() {
    }

    /** Reads every {@code .java} file under {@code testSources} (which may not exist). */
    public static TestTags scan(Path testSources) throws IOException {
        TestTags tags = new TestTags();
        if (!Files.isDirectory(testSources)) {
            return tags;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(testSources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            tags.read(file, Files.readAllLines(file));
        }
        return tags;
    }

    void read(Path file, List<String> lines) {
        String className = file.getFileName().toString().replace(".java", "");
        List<String> pending = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            Matcher tag = TAG.matcher(trimmed);
            if (tag.find()) {
                pending.add(tag.group(1));
                continue;
            }
            if (pending.isEmpty() || trimmed.isEmpty() || trimmed.startsWith("@")) {
                continue;
            }
            Matcher type = TYPE.matcher(trimmed);
            Matcher method = METHOD.matcher(trimmed);
            if (type.matches()) {
                classTags.computeIfAbsent(type.group(2), k -> new LinkedHashSet<>()).addAll(pending);
            } else if (method.matches()) {
                methodTags.computeIfAbsent(className + "#" + method.group(1), k -> new LinkedHashSet<>()).addAll(pending);
            }
            pending.clear();
        }
    }

    /** The tags of a test as a test report names it: its class (fully qualified) and method. */
    public Set<String> of(String testClass, String method) {
        String simple = testClass.substring(testClass.lastIndexOf('.') + 1);
        String outer = simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple;
        Set<String> tags = new LinkedHashSet<>();
        tags.addAll(classTags.getOrDefault(outer, Set.of()));
        tags.addAll(classTags.getOrDefault(simple, Set.of()));
        String methodName = method.split("[(\\[]", 2)[0];
        tags.addAll(methodTags.getOrDefault(outer + "#" + methodName, Set.of()));
        return tags;
    }

    /** Every tag seen, with the classes ({@code Class}) and methods ({@code Class#method}) it is on. */
    public Map<String, Set<String>> byTag() {
        Map<String, Set<String>> result = new HashMap<>();
        classTags.forEach((cls, tags) -> tags.forEach(t -> result.computeIfAbsent(t, k -> new java.util.TreeSet<>()).add(cls)));
        methodTags.forEach((m, tags) -> tags.forEach(t -> result.computeIfAbsent(t, k -> new java.util.TreeSet<>()).add(m)));
        return result;
    }
}
