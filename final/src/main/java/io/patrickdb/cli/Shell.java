package io.patrickdb.cli;

import io.patrickdb.index.KeyValueStore;
import io.patrickdb.index.StoreStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The embedded shell: one command per input line, one answer per command.
 *
 * <pre>
 *   put KEY VALUE   stores VALUE (the rest of the line) under KEY; prints OK once the write
 *                   has met the store's durability policy
 *   get KEY         prints the value, or (nil)
 *   delete KEY      prints 1 if the key existed, 0 if not
 *   compact         reclaims dead space now; prints OK
 *   stats           prints the store's counters, one "name value" per line
 *   quit            closes the store (everything acknowledged is on disk) and exits
 * </pre>
 *
 * A line that is not a valid command gets one line starting with {@code ERR} and the shell
 * goes on; so do refused keys and values. Works typed (with a prompt) or piped.
 */
final class Shell {
    private final KeyValueStore store;
    private final BufferedReader in;
    private final PrintStream out;
    private final boolean interactive;

    Shell(KeyValueStore store, BufferedReader in, PrintStream out, boolean interactive) {
        this.store = store;
        this.in = in;
        this.out = out;
        this.interactive = interactive;
    }

    /** Reads and answers commands until {@code quit} or the end of the input. */
    void run() {
        while (true) {
            if (interactive) {
                out.print("patrickdb> ");
                out.flush();
            }
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                out.println("ERR cannot read input: " + e.getMessage());
                return;
            }
            if (line == null || line.strip().equals("quit") || line.strip().equals("exit")) {
                return;
            }
            if (!line.isBlank()) {
                out.println(answer(line.strip()));
                out.flush();
            }
        }
    }

    /** The answer to one command line. */
    String answer(String line) {
        String[] words = line.split("\\s+", 3);
        try {
            return switch (words[0].toLowerCase()) {
                case "put" -> put(words);
                case "get" -> get(words);
                case "delete", "del" -> delete(words);
                case "compact" -> compact(words);
                case "stats" -> stats(words);
                case "help" -> "commands: put KEY VALUE | get KEY | delete KEY | compact | stats | quit";
                default -> "ERR unknown command '" + words[0] + "' (try help)";
            };
        } catch (IllegalArgumentException | IllegalStateException | io.patrickdb.index.StoreException e) {
            return "ERR " + e.getMessage();
        }
    }

    private String put(String[] words) {
        expect(words, 3, "put KEY VALUE");
        store.put(words[1], words[2].getBytes(StandardCharsets.UTF_8));
        return "OK";
    }

    private String get(String[] words) {
        expect(words, 2, "get KEY");
        Optional<byte[]> value = store.get(words[1]);
        return value.map(v -> new String(v, StandardCharsets.UTF_8)).orElse("(nil)");
    }

    private String delete(String[] words) {
        expect(words, 2, "delete KEY");
        return store.delete(words[1]) ? "1" : "0";
    }

    private String compact(String[] words) {
        expect(words, 1, "compact");
        store.compact();
        return "OK";
    }

    private String stats(String[] words) {
        expect(words, 1, "stats");
        StoreStats s = store.stats();
        return String.join(System.lineSeparator(),
                "keys " + s.keys(),
                "index " + s.index(),
                "durability " + s.durability(),
                "segments " + s.segments(),
                "disk_bytes " + s.diskBytes(),
                "live_bytes " + s.liveBytes(),
                "dead_bytes " + s.deadBytes(),
                "last_sequence " + s.lastSequence(),
                "writes " + s.writes(),
                "fsyncs " + s.fsyncs(),
                "compactions " + s.compactions());
    }

    private static void expect(String[] words, int count, String usage) {
        if (words.length != count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
