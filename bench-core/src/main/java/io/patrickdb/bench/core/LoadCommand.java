package io.patrickdb.bench.core;

import java.io.PrintStream;
import java.util.List;

/**
 * A load generator's command line, seen from the outside, the same for every generator:
 * {@code --help} prints the usage; a bad option prints what is wrong, then the usage; a run
 * prints its report on the output stream (the table, then the CSV line if {@code --csv} was
 * given) and its progress on the error stream, so that a script can keep the one and show the
 * other.
 *
 * <p>The exit code: 0 for a clean run, 1 if the run failed or any request failed, 2 for a bad
 * command line.
 *
 * @param name  the command, as messages begin: {@code patrickdb bench}
 * @param usage the usage text
 * @param setup how the generator reads its command line
 */
public record LoadCommand(String name, String usage, Setup setup) {

    /** One run of a generator, its options read, ready to measure. */
    public interface Generator {
        /** Stores the keys, warms up and measures; throws {@link RunFailed} when the run cannot go on. */
        Report measure() throws InterruptedException;

        /** The report as one comma-separated line for scripts: this generator's settings, then {@link Report#csvResults}. */
        String csvLine(Report report);
    }

    /** How a generator reads its command line. */
    @FunctionalInterface
    public interface Setup {
        /** The run {@code args} ask for, printing its progress on {@code progress}; throws {@link UsageException} for a bad option. */
        Generator generator(List<String> args, PrintStream progress);
    }

    /** Runs the command from a shell, and exits with its exit code. */
    public void runAndExit(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the generator that {@link #setup} makes of {@code args}; returns the exit code. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage);
            return 0;
        }
        Generator generator;
        try {
            generator = setup.generator(args, err);
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.print(usage);
            return 2;
        }
        try {
            return report(generator, generator.measure(), out);
        } catch (RunFailed e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return 1;
        }
    }

    private static int report(Generator generator, Report report, PrintStream out) {
        out.print(report.table());
        if (report.load().csv()) {
            out.println(generator.csvLine(report));
        }
        out.flush();
        return report.errors() == 0 ? 0 : 1;
    }
}
