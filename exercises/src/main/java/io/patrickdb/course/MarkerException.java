package io.patrickdb.course;

import java.nio.file.Path;

/** A solution marker that is malformed, unbalanced or names an unknown exercise; says where. */
public final class MarkerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MarkerException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
