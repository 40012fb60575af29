package io.patrickdb.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the two formats Jepsen writes histories in.
 *
 * <p><b>EDN</b>, one map per line: {@code {:process 0, :type :invoke, :f :put, :key "k", :value "v"}}.
 * {@code :type} is {@code :invoke}, {@code :ok}, {@code :fail} or {@code :info}; {@code :f} is
 * {@code :read}/{@code :get}, {@code :write}/{@code :put}, {@code :cas}, {@code :append} or
 * {@code :delete}; {@code :value} is a string, an integer, {@code [expected replacement]} for a
 * cas, or {@code nil}; {@code :key} may be missing (then every operation is on
 * {@link #DEFAULT_KEY}). Lines whose {@code :process} is not an integer ({@code :nemesis}) are
 * the fault injector's, not a client's, and are skipped.
 *
 * <p><b>Log</b>, as {@code jepsen.util} prints the same events:
 * {@code INFO  jepsen.util - 3	:invoke	:cas	[2 0]}. Each such line is read as the EDN map it
 * stands for; every other line is log noise and skipped.
 *
 * <p>Jepsen writes events in the order they happened, so the reader uses each event's line
 * number as its time (and ignores {@code :time}): an operation then shows in the report with
 * the lines of its invocation and completion.
 */
public final class JepsenHistoryReader {
    /** The key of operations whose line names none: a Jepsen register test has one register. */
    public static final String DEFAULT_KEY = "register";

    /** {@code INFO  jepsen.util - PROCESS  :TYPE  :FUNCTION  VALUE}, with spaces or tabs between. */
    static final Pattern LOG_LINE = Pattern.compile("^INFO\\s+jepsen\\.util\\s+-\\s+(\\d+)\\s+:(\\S+)\\s+:(\\S+)\\s*(.*?)\\s*$");

    private static final Map<String, String> FUNCTION_NAMES = Map.of(
            "read", "read", "get", "read",
            "write", "write", "put", "write",
            "cas", "cas", "append", "append", "delete", "delete");

    private JepsenHistoryReader() {
    }

    /** Reads a history of EDN maps, one per line; blank lines and {@code ;} comments are skipped. */
    public static ParseResult parseEdn(List<String> lines) {
        OperationAssembler assembler = new OperationAssembler();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            try {
                if (!(EdnReader.read(line) instanceof EdnValue.MapValue event)) {
                    throw new SyntaxError("expected a map such as {:process 0, :type :invoke, :f :read, :value nil}");
                }
                addEvent(i + 1, event, assembler);
            } catch (SyntaxError e) {
                return new ParseResult.Malformed(i + 1, e.getMessage());
            }
        }
        return new ParseResult.Parsed(assembler.finish(), HistoryFormat.JEPSEN_EDN);
    }

    /** Reads a Jepsen log; lines that are not {@code jepsen.util} events are skipped. */
    public static ParseResult parseLog(List<String> lines) {
        OperationAssembler assembler = new OperationAssembler();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LOG_LINE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            try {
                addEvent(i + 1, logEvent(m), assembler);
            } catch (SyntaxError e) {
                return new ParseResult.Malformed(i + 1, e.getMessage());
            }
        }
        return new ParseResult.Parsed(assembler.finish(), HistoryFormat.JEPSEN_LOG);
    }

    /** The EDN map a log line stands for: {@code 3 :ok :read 2} is {@code {:process 3, :type :ok, :f :read, :value 2}}. */
    private static EdnValue.MapValue logEvent(Matcher m) throws SyntaxError {
        Map<EdnValue, EdnValue> entries = new HashMap<>();
        entries.put(new EdnValue.Keyword("process"), new EdnValue.Int(Long.parseLong(m.group(1))));
        entries.put(new EdnValue.Keyword("type"), new EdnValue.Keyword(m.group(2)));
        entries.put(new EdnValue.Keyword("f"), new EdnValue.Keyword(m.group(3)));
        entries.put(new EdnValue.Keyword("value"), m.group(4).isEmpty() ? EdnValue.Nil.NIL : EdnReader.read(m.group(4)));
        return new EdnValue.MapValue(entries);
    }

    private static void addEvent(int line, EdnValue.MapValue event, OperationAssembler assembler) throws SyntaxError {
        EdnValue process = event.get("process");
        if (process instanceof EdnValue.Keyword) {
            return;   // :nemesis, the fault injector: not a client operation
        }
        if (!(process instanceof EdnValue.Int p)) {
            throw new SyntaxError(":process must be an integer, not " + describe(process));
        }
        EventType type = type(event.get("type"));
        String function = function(event.get("f"));
        Optional<String> key = key(event);
        EdnValue value = event.get("value");
        if (type == EventType.INVOKE) {
            assembler.invoke(line, line, p.value(), key.orElse(DEFAULT_KEY), call(function, value));
        } else {
            Optional<Value> returned = type == EventType.OK && function.equals("read") ? optionalValue(value) : Optional.empty();
            assembler.complete(line, line, p.value(), type, function, key, returned);
        }
    }

    private static EventType type(EdnValue type) throws SyntaxError {
        if (type instanceof EdnValue.Keyword k) {
            Optional<EventType> known = EventType.fromSpelling(k.name());
            if (known.isPresent()) {
                return known.get();
            }
        }
        throw new SyntaxError(":type must be :invoke, :ok, :fail or :info, not " + describe(type));
    }

    private static String function(EdnValue f) throws SyntaxError {
        if (f instanceof EdnValue.Keyword k && FUNCTION_NAMES.containsKey(k.name())) {
            return FUNCTION_NAMES.get(k.name());
        }
        throw new SyntaxError(":f must be one of :read :get :write :put :cas :append :delete, not " + describe(f));
    }

    private static Optional<String> key(EdnValue.MapValue event) throws SyntaxError {
        if (!event.has("key")) {
            return Optional.empty();
        }
        EdnValue key = event.get("key");
        if (key instanceof EdnValue.Str s) {
            return Optional.of(s.text());
        }
        if (key instanceof EdnValue.Int i) {
            return Optional.of(Long.toString(i.value()));
        }
        if (key instanceof EdnValue.Keyword k) {
            return Optional.of(k.name());
        }
        throw new SyntaxError(":key must be a string, an integer or a keyword, not " + describe(key));
    }

    private static Call call(String function, EdnValue value) throws SyntaxError {
        return switch (function) {
            case "read" -> new Call.Read();
            case "delete" -> new Call.Delete();
            case "write" -> new Call.Write(requiredValue(function, value));
            case "append" -> new Call.Append(requiredValue(function, value));
            case "cas" -> compareAndSet(value);
            default -> throw new IllegalStateException("unmapped function " + function);
        };
    }

    private static Call compareAndSet(EdnValue value) throws SyntaxError {
        if (value instanceof EdnValue.Vector v && v.items().size() == 2) {
            return new Call.CompareAndSet(requiredValue("cas", v.items().get(0)), requiredValue("cas", v.items().get(1)));
        }
        throw new SyntaxError("a cas needs :value [expected replacement], not " + describe(value));
    }

    private static Value requiredValue(String function, EdnValue value) throws SyntaxError {
        return optionalValue(value).orElseThrow(() -> new SyntaxError("a " + function + " needs a value, not nil"));
    }

    /** A string or integer is a value (an integer as its decimal digits); nil is none. */
    private static Optional<Value> optionalValue(EdnValue value) throws SyntaxError {
        if (value instanceof EdnValue.Str s) {
            return Optional.of(Value.of(s.text()));
        }
        if (value instanceof EdnValue.Int i) {
            return Optional.of(Value.of(i.value()));
        }
        if (value == EdnValue.Nil.NIL) {
            return Optional.empty();
        }
        throw new SyntaxError("a value must be a string, an integer or nil, not " + describe(value));
    }

    private static String describe(EdnValue value) {
        if (value instanceof EdnValue.Keyword k) {
            return k.toString();
        }
        if (value instanceof EdnValue.Str s) {
            return '"' + s.text() + '"';
        }
        if (value instanceof EdnValue.Int i) {
            return Long.toString(i.value());
        }
        return value == EdnValue.Nil.NIL ? "nil" : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
