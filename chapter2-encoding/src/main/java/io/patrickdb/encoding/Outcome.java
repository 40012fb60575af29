package io.patrickdb.encoding;

import io.patrickdb.protocol.RequestRejectedException;
import java.util.concurrent.Callable;

/**
 * What happened when a program read data written by a different version of it: it coped (and
 * here is what it made of the data), or it broke (and here is the exception).
 */
public sealed interface Outcome {

    /** Runs {@code read}, which returns what the reader saw, and records whether it threw. */
    static Outcome attempt(Callable<String> read) {
        try {
            return new Copes(read.call());
        } catch (Exception e) {
            return new Breaks(e);
        }
    }

    boolean copes();

    /** The reader read the data. */
    record Copes(String whatTheReaderSaw) implements Outcome {
        @Override
        public boolean copes() {
            return true;
        }

        @Override
        public String toString() {
            return "copes: " + whatTheReaderSaw;
        }
    }

    /** The reader threw {@code error}. */
    record Breaks(Exception error) implements Outcome {
        @Override
        public boolean copes() {
            return false;
        }

        @Override
        public String toString() {
            String name = error.getClass().getSimpleName();
            if (error instanceof RequestRejectedException rejected) {
                return "breaks: " + name + " (" + rejected.error().status() + ")";
            }
            return "breaks: " + name;
        }
    }
}
