package io.patrickdb.history;

/** The checker's answer for a history, or for one key of it. */
public enum Verdict {
    /** Some order of the operations, each at an instant inside its interval, explains every result. */
    LINEARIZABLE,
    /** No such order exists: the database returned something no single copy could have. */
    NOT_LINEARIZABLE,
    /** The budget ran out before the search could decide. */
    UNKNOWN
}
