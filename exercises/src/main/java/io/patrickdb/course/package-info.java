/**
 * The course tool: one source of truth for exercises and solutions.
 *
 * <p>A chapter's solution code lives only in its module, between two comment lines:
 *
 * <pre>
 * // BEGIN SOLUTION chapter1.part4
 * ... the code a student writes ...
 * // STUB: throw new UnsupportedOperationException("chapter1.part4: ...");
 * // END SOLUTION
 * </pre>
 *
 * <p>{@link io.patrickdb.course.Markers} finds these {@link io.patrickdb.course.SolutionRegion regions}
 * and {@link io.patrickdb.course.Stubs} replaces a region by its {@code STUB} lines, uncommented.
 * Exercise branches are generated from that, one way, so nothing is kept by hand in two places.
 *
 * <p>Which exercises a chapter has, and their titles, comes from the chapter's exercise sheet
 * ({@code exercises/chapterN.md}, see {@link io.patrickdb.course.Sheet}); which tests prove an
 * exercise comes from the tests' {@code @Tag("chapterN.partK")} annotations
 * ({@link io.patrickdb.course.TestTags}). {@link io.patrickdb.course.Course} puts the three
 * together, and {@link io.patrickdb.course.Main} is the command line ({@code exercises/course}).
 */
package io.patrickdb.course;
