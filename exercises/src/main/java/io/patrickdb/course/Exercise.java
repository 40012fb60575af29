package io.patrickdb.course;

/** One exercise of a chapter: its id (as in markers and test tags) and its title (from the sheet). */
public record Exercise(String id, String title) {
}
