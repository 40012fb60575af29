package io.patrickdb.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Patrick-DB's own history format: text, one event per line, fields separated by tabs.
 *
 * <pre>
 * # patrickdb-history v1
 * # time   process  type    function  key         values...
 * 1000     1        invoke  write     s:greeting  s:hello
 * 1200     2        invoke  read      s:greeting
 * 1500     1        ok      write     s:greeting
 * 1700     2        ok      read      s:greeting  s:hello
 * </pre>
 *
 * <ul>
 *   <li>{@code time}: a nanosecond clock reading ({@link System#nanoTime()}), {@code process}: the
 *       client, both integers.
 *   <li>{@code type}: {@code invoke}, {@code ok}, {@code fail} or {@code info} (unknown outcome).
 *   <li>{@code function}: {@code read}, {@code write}, {@code cas}, {@code append} or
 *       {@code delete}; an invocation is followed by its arguments (none, one, or for {@code cas}
 *       expected and replacement), an {@code ok} of a read by the value read.
 *   <li>Keys and values: {@code s:} and the text if every byte is printable ASCII (space to
 *       tilde, so never a tab), otherwise {@code x:} and the bytes in hexadecimal; {@code nil}
 *       for no value. Any bytes survive, and ordinary text stays readable.
 *   <li>Lines starting with {@code #} and blank lines are comments. The first line must be the
 *       header. Operations are numbered in the order of their invoke lines.
 * </ul>
 */
public final class PatrickDbFormat {
    /** The first line of every file: how the reader recognises the format. */
    public static final String HEADER = "# patrickdb-history v1";
    private static final String COLUMNS = "# time\tprocess\ttype\tfunction\tkey\tvalues...";

    private PatrickDbFormat() {
    }

    /** Where a line goes among the lines of the same instant. */
    private enum Rank { COMPLETION_OF_EARLIER, INVOCATION, COMPLETION_OF_INSTANT }

    private record Line(long time, Rank rank, int id, String text) {
    }

    /** {@code history} in this format, one event per line, in time order. */
    public static String format(History history) {
        StringBuilder out = new StringBuilder();
        try {
            write(history, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** Writes {@code history} to {@code out}. */
    public static void write(History history, Appendable out) throws IOException {
        out.append(HEADER).append('\n').append(COLUMNS).append('\n');
        for (Line line : lines(history)) {
            out.append(line.text()).append('\n');
        }
    }

    /**
     * The events of {@code history} in time order. At equal times completions come first, so that a
     * process that finishes one operation and starts the next at the same clock reading has closed
     * the first before it opens the second; but an operation that completes at the instant it was
     * invoked is opened before it is closed.
     */
    private static List<Line> lines(History history) {
        List<Line> lines = new ArrayList<>();
        for (Operation op : history.operations()) {
            lines.add(new Line(op.invokedAt(), Rank.INVOCATION, op.id(), invocation(op)));
            long completedAt = completionTime(op);
            Rank rank = completedAt == op.invokedAt() ? Rank.COMPLETION_OF_INSTANT : Rank.COMPLETION_OF_EARLIER;
            completion(op).ifPresent(text -> lines.add(new Line(completedAt, rank, op.id(), text)));
        }
        lines.sort(Comparator.comparingLong(Line::time)
                .thenComparing(Line::rank)
                .thenComparingInt(Line::id));
        return lines;
    }

    private static String invocation(Operation op) {
        List<String> fields = new ArrayList<>(prefix(op, op.invokedAt(), EventType.INVOKE));
        op.call().arguments().forEach(argument -> fields.add(encode(argument)));
        return String.join("\t", fields);
    }

    private static Optional<String> completion(Operation op) {
        Outcome outcome = op.outcome();
        if (outcome instanceof Outcome.Unknown unknown && unknown.reportedAt().isEmpty()) {
            return Optional.empty();   // never completed: the invoke line stays open
        }
        EventType type = outcome instanceof Outcome.Ok ? EventType.OK
                : outcome instanceof Outcome.Fail ? EventType.FAIL : EventType.INFO;
        List<String> fields = new ArrayList<>(prefix(op, completionTime(op), type));
        if (outcome instanceof Outcome.Ok ok && op.call().isReadOnly()) {
            fields.add(ok.value().map(PatrickDbFormat::encode).orElse("nil"));
        }
        return Optional.of(String.join("\t", fields));
    }

    /** When the completion line goes: the answer, or the instant the client gave up (if it did). */
    private static long completionTime(Operation op) {
        return op.processFreeAt();
    }

    private static List<String> prefix(Operation op, long time, EventType type) {
        return List.of(Long.toString(time), Long.toString(op.process()), type.spelling(), op.call().function(),
                encode(Value.of(op.key())));
    }

    /** {@code s:text} if the value is printable ASCII, else {@code x:hex}. */
    static String encode(Value value) {
        return value.isPrintableAscii() ? "s:" + value.asAscii() : "x:" + value.asHex();
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Reads a history in this format; {@code lines} are the file's lines. */
    public static ParseResult parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return new ParseResult.Malformed(1, "expected the header '" + HEADER + "'");
        }
        OperationAssembler assembler = new OperationAssembler();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                parseLine(i + 1, line, assembler);
            } catch (SyntaxError e) {
                return new ParseResult.Malformed(i + 1, e.getMessage());
            }
        }
        return new ParseResult.Parsed(assembler.finish(), HistoryFormat.PATRICKDB);
    }

    private static void parseLine(int lineNumber, String line, OperationAssembler assembler) throws SyntaxError {
        String[] fields = line.split("\t", -1);
        if (fields.length < 5) {
            throw new SyntaxError("expected at least 5 tab-separated fields (time, process, type, function, key), found "
                    + fields.length);
        }
        long time = number("time", fields[0]);
        long process = number("process", fields[1]);
        EventType type = EventType.fromSpelling(fields[2])
                .orElseThrow(() -> new SyntaxError("type must be invoke, ok, fail or info, not '" + fields[2] + "'"));
        String function = fields[3];
        String key = decode(fields[4]).orElseThrow(() -> new SyntaxError("the key must not be nil")).asUtf8();
        List<String> values = List.of(fields).subList(5, fields.length);
        if (type == EventType.INVOKE) {
            assembler.invoke(lineNumber, time, process, key, call(function, values));
        } else {
            assembler.complete(lineNumber, time, process, type, function, Optional.of(key),
                    returned(type, function, values));
        }
    }

    private static Call call(String function, List<String> values) throws SyntaxError {
        return switch (function) {
            case "read" -> {
                requireCount(function, values, 0);
                yield new Call.Read();
            }
            case "delete" -> {
                requireCount(function, values, 0);
                yield new Call.Delete();
            }
            case "write" -> new Call.Write(required(function, values, 1).get(0));
            case "append" -> new Call.Append(required(function, values, 1).get(0));
            case "cas" -> {
                List<Value> both = required(function, values, 2);
                yield new Call.CompareAndSet(both.get(0), both.get(1));
            }
            default -> throw new SyntaxError("function must be read, write, cas, append or delete, not '" + function + "'");
        };
    }

    private static void requireCount(String function, List<String> values, int expected) throws SyntaxError {
        if (values.size() != expected) {
            throw new SyntaxError(function + " takes " + expected + " values, found " + values.size());
        }
    }

    private static List<Value> required(String function, List<String> fields, int count) throws SyntaxError {
        requireCount(function, fields, count);
        List<Value> values = new ArrayList<>();
        for (String field : fields) {
            values.add(decode(field).orElseThrow(() -> new SyntaxError(function + " needs a value, not nil")));
        }
        return values;
    }

    private static Optional<Value> returned(EventType type, String function, List<String> values) throws SyntaxError {
        if (type == EventType.OK && function.equals("read")) {
            if (values.size() != 1) {
                throw new SyntaxError("an ok read has one value (nil for none), found " + values.size());
            }
            return decode(values.get(0));
        }
        if (!values.isEmpty()) {
            throw new SyntaxError("a " + type.spelling() + " of " + function + " has no values, found " + values.size());
        }
        return Optional.empty();
    }

    /** The value of a field: {@code nil} (empty), {@code s:text} or {@code x:hex}. */
    static Optional<Value> decode(String field) throws SyntaxError {
        if (field.equals("nil")) {
            return Optional.empty();
        }
        if (field.startsWith("s:")) {
            Value value = Value.of(field.substring(2));
            if (!value.isPrintableAscii()) {
                throw new SyntaxError("an s: value must be printable ASCII (use x: and hex for other bytes): " + field);
            }
            return Optional.of(value);
        }
        if (field.startsWith("x:")) {
            try {
                return Optional.of(new Value(HexFormat.of().parseHex(field.substring(2))));
            } catch (IllegalArgumentException e) {
                throw new SyntaxError("an x: value must be an even number of hex digits: " + field);
            }
        }
        throw new SyntaxError("a key or value is nil, s:TEXT or x:HEX, not '" + field + "'");
    }

    private static long number(String name, String field) throws SyntaxError {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new SyntaxError(name + " must be an integer, not '" + field + "'");
        }
    }
}
