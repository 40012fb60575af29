package io.patrickdb.history;

import java.util.Locale;
import java.util.Optional;

/**
 * The four kinds of line in a history file, as Jepsen names them: a process invokes an operation,
 * and later the operation completes {@code ok}, {@code fail}s, or ends as {@code info} (unknown).
 */
enum EventType {
    INVOKE, OK, FAIL, INFO;

    /** The name as the files spell it: invoke, ok, fail, info. */
    String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<EventType> fromSpelling(String spelling) {
        for (EventType type : values()) {
            if (type.spelling().equals(spelling)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
