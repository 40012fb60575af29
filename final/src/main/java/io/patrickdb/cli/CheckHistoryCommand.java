package io.patrickdb.cli;

import io.patrickdb.history.Budget;
import io.patrickdb.history.CheckResult;
import io.patrickdb.history.History;
import io.patrickdb.history.HistoryFormat;
import io.patrickdb.history.HistoryReader;
import io.patrickdb.history.KeyResult;
import io.patrickdb.history.KeyValueModel;
import io.patrickdb.history.LinearizabilityChecker;
import io.patrickdb.history.Model;
import io.patrickdb.history.Operation;
import io.patrickdb.history.Outcome;
import io.patrickdb.history.ParseResult;
import io.patrickdb.history.RegisterModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code patrickdb check-history FILE [--model register|kv] [--timeout SECONDS] [--max-steps N]}: reads a recorded
 * history (Patrick-DB's format, Jepsen's EDN or Jepsen's log, recognised from the content), checks
 * it for linearizability key by key, and says what it found.
 *
 * <p>The first line of output is the verdict, alone, so scripts can read it; then one line per key
 * and, for each key that is not linearizable, the operations the checker could not place. The exit
 * code is the verdict too: 0 linearizable, 1 not, 2 a file it cannot read or a usage error,
 * 3 unknown (the budget ran out).
 */
final class CheckHistoryCommand {
    static final int LINEARIZABLE = 0;
    static final int NOT_LINEARIZABLE = 1;
    static final int UNREADABLE = 2;
    static final int UNKNOWN = 3;

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** How many operations of the longest prefix the report shows: the end is where it went wrong. */
    private static final int PREFIX_SHOWN = 8;
    /**
     * Each search step may remember one (operations, state) pair, some 200 bytes; the default step
     * budget keeps those within half the heap, so a hard history ends as "unknown", not out of memory.
     */
    private static final long BYTES_PER_STEP = 400;

    private final Path file;
    private final Optional<String> modelName;
    private final Duration timeout;
    private final long maxSteps;

    private CheckHistoryCommand(Path file, Optional<String> modelName, Duration timeout, long maxSteps) {
        this.file = file;
        this.modelName = modelName;
        this.timeout = timeout;
        this.maxSteps = maxSteps;
    }

    /** Parses the arguments after {@code check-history}, runs the check; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return parse(new ArrayDeque<>(args)).check(out, err);
    }

    private static CheckHistoryCommand parse(Deque<String> args) {
        Path file = null;
        Optional<String> model = Optional.empty();
        Duration timeout = DEFAULT_TIMEOUT;
        long maxSteps = Math.max(1, Runtime.getRuntime().maxMemory() / BYTES_PER_STEP);
        while (!args.isEmpty()) {
            String arg = args.pop();
            switch (arg) {
                case "--model" -> model = Optional.of(model(value(arg, args)));
                case "--timeout" -> timeout = Duration.ofSeconds(positive(arg, value(arg, args)));
                case "--max-steps" -> maxSteps = positive(arg, value(arg, args));
                default -> {
                    if (arg.startsWith("--") || file != null) {
                        throw new Main.UsageException("check-history takes one FILE and --model, --timeout or --max-steps, not '" + arg + "'");
                    }
                    file = Path.of(arg);
                }
            }
        }
        if (file == null) {
            throw new Main.UsageException("check-history needs a FILE");
        }
        return new CheckHistoryCommand(file, model, timeout, maxSteps);
    }

    private int check(PrintStream out, PrintStream err) {
        ParseResult parsed;
        try {
            parsed = HistoryReader.read(file);
        } catch (IOException e) {
            err.println("patrickdb: cannot read " + file + ": " + e);
            return UNREADABLE;
        }
        if (parsed instanceof ParseResult.Malformed malformed) {
            err.println("patrickdb: " + file + ": " + malformed.message());
            return UNREADABLE;
        }
        ParseResult.Parsed history = (ParseResult.Parsed) parsed;
        Model<?> model = modelFor(history.format());
        try {
            return report(history, model, check(model, history.history()), out);
        } catch (IllegalArgumentException e) {   // an operation the model does not know
            err.println("patrickdb: " + file + ": " + e.getMessage() + " (try --model kv)");
            return UNREADABLE;
        }
    }

    private <S> CheckResult check(Model<S> model, History history) {
        return new LinearizabilityChecker<>(model, new Budget(maxSteps, timeout)).check(history);
    }

    /** The model named by {@code --model}; by default a register for Jepsen's logs (etcd registers), else the map. */
    private Model<?> modelFor(HistoryFormat format) {
        String name = modelName.orElse(format == HistoryFormat.JEPSEN_LOG ? "register" : "kv");
        return name.equals("register") ? new RegisterModel() : new KeyValueModel();
    }

    private int report(ParseResult.Parsed parsed, Model<?> model, CheckResult result, PrintStream out) {
        HistoryReport report = new HistoryReport(parsed, out);
        switch (result.verdict()) {
            case LINEARIZABLE -> out.println("linearizable");
            case NOT_LINEARIZABLE -> out.println("not linearizable");
            case UNKNOWN -> out.println("unknown");
        }
        out.println(file.getFileName() + ": " + parsed.format().description() + ", " + parsed.history().size()
                + " operations on " + result.keys().size() + " key(s), checked with the " + model.name() + " model");
        for (KeyResult key : result.keys()) {
            report.key(key, model);
        }
        return switch (result.verdict()) {
            case LINEARIZABLE -> LINEARIZABLE;
            case NOT_LINEARIZABLE -> NOT_LINEARIZABLE;
            case UNKNOWN -> {
                out.println("the checker's budget (" + timeout.toSeconds() + " s, " + maxSteps
                        + " steps) ran out after " + result.steps() + " steps; --timeout and --max-steps give it more");
                yield UNKNOWN;
            }
        };
    }

    /** Writes the per-key part of the report. */
    private static final class HistoryReport {
        private final ParseResult.Parsed parsed;
        private final Map<String, History> byKey;
        private final PrintStream out;

        HistoryReport(ParseResult.Parsed parsed, PrintStream out) {
            this.parsed = parsed;
            this.byKey = parsed.history().byKey();
            this.out = out;
        }

        void key(KeyResult key, Model<?> model) {
            out.println("key " + key.key() + ": " + operations(key.operations()) + " to place" + dropped(key.key())
                    + ", " + verdict(key));
            if (key instanceof KeyResult.NotLinearizable violation) {
                violation(violation, model);
            }
        }

        private static String operations(long count) {
            return count + (count == 1 ? " operation" : " operations");
        }

        private static String verdict(KeyResult key) {
            return switch (key.verdict()) {
                case LINEARIZABLE -> "linearizable";
                case NOT_LINEARIZABLE -> "NOT linearizable";
                case UNKNOWN -> "unknown (budget ran out after " + ((KeyResult.Undecided) key).steps() + " steps)";
            };
        }

        /** Failed operations and unknown reads are not searched: say how many, so the counts add up. */
        private String dropped(String key) {
            List<Operation> ops = byKey.get(key).operations();
            long failed = ops.stream().filter(op -> op.outcome() instanceof Outcome.Fail).count();
            long unknownReads = ops.stream()
                    .filter(op -> op.outcome() instanceof Outcome.Unknown && op.call().isReadOnly())
                    .count();
            if (failed + unknownReads == 0) {
                return "";
            }
            return " (of " + ops.size() + "; dropped: " + failed + " failed, " + unknownReads + " unknown reads)";
        }

        private void violation(KeyResult.NotLinearizable v, Model<?> model) {
            List<Operation> prefix = v.longestPrefix();
            out.println("  longest linearizable prefix: " + prefix.size() + " of " + operations(v.operations())
                    + (prefix.size() > PREFIX_SHOWN ? " (the last " + PREFIX_SHOWN + " shown)" : ""));
            prefix.subList(Math.max(0, prefix.size() - PREFIX_SHOWN), prefix.size())
                    .forEach(op -> out.println("    " + describe(op)));
            out.println("  then the " + (model instanceof RegisterModel ? "register holds " : "map holds ") + v.stateAfterPrefix());
            out.println("  and no operation can come next; these could, in real time, but the model refuses each:");
            v.candidates().forEach(op -> out.println("    " + describe(op)));
        }

        /** {@code op 7 (process 2) read() -> 4, lines 12..15}; times in the recorder's nanoseconds otherwise. */
        private String describe(Operation op) {
            String until = op.completedAt() == Long.MAX_VALUE ? "unknown" : Long.toString(op.completedAt());
            String unit = parsed.format().timesAreLineNumbers() ? "lines " : "time ";
            return "op " + op.id() + " (process " + op.process() + ") " + op.callAndResult() + ", " + unit
                    + op.invokedAt() + ".." + until;
        }
    }

    private static String model(String name) {
        if (!name.equals("register") && !name.equals("kv")) {
            throw new Main.UsageException("--model must be register or kv, not '" + name + "'");
        }
        return name;
    }

    private static long positive(String option, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new Main.UsageException(option + " must be a positive number, not '" + value + "'");
    }

    private static String value(String option, Deque<String> args) {
        if (args.isEmpty()) {
            throw new Main.UsageException(option + " needs a value");
        }
        return args.pop();
    }
}
