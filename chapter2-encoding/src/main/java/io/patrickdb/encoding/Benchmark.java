package io.patrickdb.encoding;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A deliberately simple timer for a demonstration: warm up, then time rounds of a loop and take
 * the median. It is not JMH; the numbers are good for "which is faster, and by how much roughly",
 * not for the third digit.
 *
 * @param warmUpCalls how many times to call each operation, all in turn, before any is timed
 * @param round  how long one operation's loop should last in each round
 * @param rounds how many timed rounds; the median resists a round disturbed by GC or the OS
 */
public record Benchmark(int warmUpCalls, Duration round, int rounds) {

    /** A result the JIT cannot prove unused, so it cannot delete the work that made it. */
    private static volatile Object sink;

    /** Settings that time the comparison's 18 operations in about ten seconds. */
    public static Benchmark standard() {
        return new Benchmark(10_000, Duration.ofMillis(20), 7);
    }

    /**
     * The median time of one call to each operation, in nanoseconds, in the order given.
     *
     * <p>All operations are warmed up together first: the JIT compiler's best tier compiles a
     * method after some ten thousand calls, so until then the code runs several times slower; and
     * once the compiler has seen every operation, timing one does not undo the compiled code of
     * another. Each round then times
     * every operation once, so a moment when the machine is busy with something else slows one
     * round of all of them, which the median discards, rather than every round of one of them.
     */
    public double[] medianNanosPerOp(List<? extends Supplier<?>> operations) {
        warmUp(operations);
        int n = operations.size();
        long[] iterations = new long[n];
        for (int i = 0; i < n; i++) {
            iterations[i] = iterationsPerRound(operations.get(i));
        }
        double[][] perOp = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                perOp[i][r] = (double) time(operations.get(i), iterations[i]) / iterations[i];
            }
        }
        double[] medians = new double[n];
        for (int i = 0; i < n; i++) {
            Arrays.sort(perOp[i]);
            medians[i] = perOp[i][rounds / 2];
        }
        return medians;
    }

    private void warmUp(List<? extends Supplier<?>> operations) {
        for (int calls = 0; calls < warmUpCalls; calls += 100) {
            for (Supplier<?> operation : operations) {
                time(operation, 100);
            }
        }
    }

    /** How many calls fill one round: double a batch until it takes long enough to time well. */
    private long iterationsPerRound(Supplier<?> operation) {
        long iterations = 1;
        long took = time(operation, iterations);
        while (took < round.toNanos() / 4) {
            iterations *= 2;
            took = time(operation, iterations);
        }
        return Math.max(1, round.toNanos() * iterations / Math.max(1, took));
    }

    private static long time(Supplier<?> operation, long iterations) {
        long start = System.nanoTime();
        for (long i = 0; i < iterations; i++) {
            sink = operation.get();
        }
        return System.nanoTime() - start;
    }
}
