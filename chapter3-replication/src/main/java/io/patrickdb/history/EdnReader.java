package io.patrickdb.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one EDN value from a string, by recursive descent: one method per kind of value, chosen
 * by the value's first character. Only the subset in {@link EdnValue}; anything else (floats,
 * lists, sets, symbols, tagged values such as {@code #inst}) is an error that says what it found
 * and where, rather than a guess.
 */
final class EdnReader {
    private final String text;
    private int position;

    private EdnReader(String text) {
        this.text = text;
    }

    /** The single value {@code text} holds; anything after it but whitespace is an error. */
    static EdnValue read(String text) throws SyntaxError {
        EdnReader reader = new EdnReader(text);
        EdnValue value = reader.value();
        reader.skipWhitespace();
        if (reader.position < text.length()) {
            throw reader.error("unexpected '" + text.charAt(reader.position) + "' after the value");
        }
        return value;
    }

    private EdnValue value() throws SyntaxError {
        skipWhitespace();
        if (position >= text.length()) {
            throw error("expected a value, found the end of the line");
        }
        char c = text.charAt(position);
        if (c == '{') {
            return map();
        }
        if (c == '[') {
            return vector();
        }
        if (c == '"') {
            return string();
        }
        if (c == ':') {
            position++;
            return new EdnValue.Keyword(symbol());
        }
        if (Character.isDigit(c) || (c == '-' || c == '+') && position + 1 < text.length()
                && Character.isDigit(text.charAt(position + 1))) {
            return integer();
        }
        if (isSymbolChar(c)) {
            return namedConstant();
        }
        throw error(unsupported(c));
    }

    private static String unsupported(char c) {
        return switch (c) {
            case '(' -> "lists are not supported, only vectors [...]";
            case '#' -> "tagged values and sets (#...) are not supported";
            default -> "unexpected '" + c + "'";
        };
    }

    private EdnValue map() throws SyntaxError {
        int start = position++;
        Map<EdnValue, EdnValue> entries = new LinkedHashMap<>();
        while (!atClosing('}', start)) {
            EdnValue key = value();
            if (atClosing('}', start)) {
                throw error("the map has a key without a value: " + key);
            }
            if (entries.put(key, value()) != null) {
                throw error("the map has the key " + key + " twice");
            }
        }
        return new EdnValue.MapValue(entries);
    }

    private EdnValue vector() throws SyntaxError {
        int start = position++;
        List<EdnValue> items = new ArrayList<>();
        while (!atClosing(']', start)) {
            items.add(value());
        }
        return new EdnValue.Vector(items);
    }

    /** Skips whitespace; true (and consumes it) if {@code closing} is next. */
    private boolean atClosing(char closing, int openedAt) throws SyntaxError {
        skipWhitespace();
        if (position >= text.length()) {
            throw error("'" + text.charAt(openedAt) + "' at column " + (openedAt + 1) + " is never closed");
        }
        if (text.charAt(position) == closing) {
            position++;
            return true;
        }
        return false;
    }

    private EdnValue string() throws SyntaxError {
        int start = position++;
        StringBuilder out = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return new EdnValue.Str(out.toString());
            }
            out.append(c == '\\' ? escape() : c);
        }
        throw error("the string at column " + (start + 1) + " is never closed");
    }

    private char escape() throws SyntaxError {
        if (position >= text.length()) {
            throw error("a backslash at the end of the line");
        }
        char c = text.charAt(position++);
        return switch (c) {
            case '"', '\\' -> c;
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'u' -> unicodeEscape();
            default -> throw error("unknown escape \\" + c);
        };
    }

    private char unicodeEscape() throws SyntaxError {
        if (position + 4 > text.length()) {
            throw error("\\u needs four hex digits");
        }
        try {
            char c = (char) Integer.parseInt(text.substring(position, position + 4), 16);
            position += 4;
            return c;
        } catch (NumberFormatException e) {
            throw error("\\u needs four hex digits, not '" + text.substring(position, position + 4) + "'");
        }
    }

    private EdnValue integer() throws SyntaxError {
        int start = position;
        String token = symbol();
        String digits = token.endsWith("N") ? token.substring(0, token.length() - 1) : token;   // N: a big integer
        try {
            return new EdnValue.Int(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            position = start;
            throw error("not a 64-bit integer: '" + token + "' (floating-point numbers are not supported)");
        }
    }

    private EdnValue namedConstant() throws SyntaxError {
        int start = position;
        String name = symbol();
        return switch (name) {
            case "nil" -> EdnValue.Nil.NIL;
            case "true" -> new EdnValue.Bool(true);
            case "false" -> new EdnValue.Bool(false);
            default -> {
                position = start;
                throw error("symbols such as '" + name + "' are not supported (only nil, true and false)");
            }
        };
    }

    /** The run of symbol characters at the position (a keyword's name, a number, nil...). */
    private String symbol() throws SyntaxError {
        int start = position;
        while (position < text.length() && isSymbolChar(text.charAt(position))) {
            position++;
        }
        if (position == start) {
            throw error("expected a name");
        }
        return text.substring(start, position);
    }

    private static boolean isSymbolChar(char c) {
        return Character.isLetterOrDigit(c) || "*+!-_?<>=/.'&%$".indexOf(c) >= 0;
    }

    /** EDN's whitespace includes commas; a semicolon starts a comment to the end of the line. */
    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == ';') {
                position = text.length();
            } else if (Character.isWhitespace(c) || c == ',') {
                position++;
            } else {
                return;
            }
        }
    }

    private SyntaxError error(String problem) {
        return new SyntaxError("column " + (position + 1) + ": " + problem);
    }
}
