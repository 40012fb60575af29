package io.patrickdb.faults;

import java.nio.file.Path;

/**
 * The child JVM of {@link ChildJvmTest}: says on standard error that it started, prints the
 * system property {@code ticker.greeting} and its working directory, then {@code tick 0},
 * {@code tick 1}, ... every 5 ms, forever or, given an argument, that many times and exits.
 */
public final class Ticker {
    private Ticker() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.err.println("ticker started");
        System.out.println("greeting " + System.getProperty("ticker.greeting", "none"));
        System.out.println("dir " + Path.of("").toAbsolutePath());
        long ticks = args.length > 0 ? Long.parseLong(args[0]) : Long.MAX_VALUE;
        for (long i = 0; i < ticks; i++) {
            System.out.println("tick " + i);
            Thread.sleep(5); // a steady pace, so that a stopped clock shows against a running one
        }
    }
}
