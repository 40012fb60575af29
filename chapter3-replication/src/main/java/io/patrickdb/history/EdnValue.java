package io.patrickdb.history;

import java.util.List;
import java.util.Map;

/**
 * The part of EDN (Clojure's data notation, in which Jepsen writes histories) that histories
 * use: maps, vectors, keywords, strings, integers, booleans and nil. Read by {@link EdnReader}.
 */
sealed interface EdnValue permits EdnValue.MapValue, EdnValue.Vector, EdnValue.Keyword, EdnValue.Str,
        EdnValue.Int, EdnValue.Bool, EdnValue.Nil {

    /** {@code {:a 1, :b 2}}: commas are whitespace in EDN. */
    record MapValue(Map<EdnValue, EdnValue> entries) implements EdnValue {
        public MapValue {
            entries = Map.copyOf(entries);
        }

        /** The value of keyword {@code :name}, or {@link Nil} if absent (as Clojure's {@code get}). */
        EdnValue get(String name) {
            return entries.getOrDefault(new Keyword(name), Nil.NIL);
        }

        boolean has(String name) {
            return entries.containsKey(new Keyword(name));
        }
    }

    /** {@code [1 2]}. */
    record Vector(List<EdnValue> items) implements EdnValue {
        public Vector {
            items = List.copyOf(items);
        }
    }

    /** {@code :invoke}: the name without the colon. */
    record Keyword(String name) implements EdnValue {
        @Override
        public String toString() {
            return ":" + name;
        }
    }

    /** {@code "text"}, escapes resolved. */
    record Str(String text) implements EdnValue {
    }

    /** {@code 42}, {@code -7}. */
    record Int(long value) implements EdnValue {
    }

    /** {@code true}, {@code false}. */
    record Bool(boolean value) implements EdnValue {
    }

    /** {@code nil}. */
    enum Nil implements EdnValue {
        NIL
    }
}
