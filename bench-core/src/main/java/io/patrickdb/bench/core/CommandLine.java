package io.patrickdb.bench.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The part of a command line not read yet, read option by option. An option's value is the word
 * after it; a value that is missing or not a number is a {@link UsageException} that names the
 * option, so that the user knows which one to fix.
 */
public final class CommandLine {
    private final Deque<String> rest;

    /** A command line of {@code args}, to be read from the first. */
    public CommandLine(List<String> args) {
        this.rest = new ArrayDeque<>(args);
    }

    /** Whether there is anything left to read. */
    public boolean hasNext() {
        return !rest.isEmpty();
    }

    /** The next word: an option, since values are taken by the methods below. */
    public String next() {
        return rest.pop();
    }

    /** The value after {@code option}. */
    public String value(String option) {
        if (rest.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return rest.pop();
    }

    /** The value after {@code option}, a whole number. */
    public int integer(String option) {
        return parseInt(option, value(option));
    }

    /** The value after {@code option}, a number such as 0.9. */
    public double fraction(String option) {
        String text = value(option);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, not '" + text + "'");
        }
    }

    /** {@code text}, the value of {@code option} (or a part of it, such as the port in HOST:PORT), as a whole number. */
    public static int parseInt(String option, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + text + "'");
        }
    }

    /** Refuses a {@code value} of {@code option} below {@code min}. */
    public static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UsageException(option + " must be at least " + min + ", not " + value);
        }
    }
}
