package io.patrickdb.replication.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Exactly-once commands over a log that may hold a command twice (dissertation, 6.3). A client
 * whose leader dies before answering cannot tell whether its write was committed, so it sends the
 * same command again, to the next leader, and both copies may end up in the log. Each command
 * therefore carries its client's id and a number the client increments for every new command; the
 * state machine remembers, per client, the last number it applied and that command's result, and
 * answers a repeat with the remembered result instead of applying it again. A compare-and-set or an
 * append applied twice would be visible; with this, it never is.
 *
 * <p>The table is part of the state machine: every node applies the same commands in the same
 * order, so every node holds the same table, and it goes into snapshots with the data. It holds at
 * most {@code maxClients} sessions, dropping the one unused for longest, decided by the order of
 * the log, not by a clock, so that all nodes drop the same one. A client whose session was dropped
 * and that repeats an old command gets {@link Outcome.Expired}: it cannot know, and says so.
 */
public final class ClientSessions {
    /** What applying a command came to. */
    public sealed interface Outcome {
        /** Applied now, for the first time. */
        record Applied(byte[] result) implements Outcome {
        }

        /** Applied before: this is the result it had then. */
        record Repeated(byte[] result) implements Outcome {
        }

        /** Older than the client's last command, or its session is gone: not applied, result unknown. */
        record Expired() implements Outcome {
        }
    }

    private record Session(long lastSeq, byte[] lastResult) {
    }

    private final int maxClients;
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true); // access order

    public ClientSessions(int maxClients) {
        this.maxClients = maxClients;
    }

    /** Applies command {@code seq} of {@code client} with {@code apply}, unless it was applied before. */
    public Outcome apply(String client, long seq, Supplier<byte[]> apply) {

        // BEGIN SOLUTION chapter3.part10
        Session s = sessions.get(client);
        if (s != null && seq == s.lastSeq()) {
            return new Outcome.Repeated(s.lastResult());
        }
        // A client numbers its commands 1, 2, ... and sends the next only once the last was
        // answered; so a number below its last, or above 1 with no session, means a session dropped.
        if (s != null && seq < s.lastSeq() || s == null && seq > 1) {
            return new Outcome.Expired();
        }
        byte[] result = apply.get();
        sessions.put(client, new Session(seq, result));
        if (sessions.size() > maxClients) {
            String eldest = sessions.keySet().iterator().next();
            sessions.remove(eldest);
        }
        return new Outcome.Applied(result);
        // STUB: throw new UnsupportedOperationException("chapter3.part10: apply a client's command once; answer a repeat with the first result");
        // END SOLUTION
    }

    public int size() {
        return sessions.size();
    }

    /** The table, for a snapshot: per client its id, last number and last result. */
    public byte[] encode() {
        List<byte[]> parts = new ArrayList<>();
        int size = 4;
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            byte[] id = e.getKey().getBytes(StandardCharsets.UTF_8);
            parts.add(id);
            parts.add(e.getValue().lastResult());
            size += 4 + id.length + 8 + 4 + e.getValue().lastResult().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(sessions.size());
        int i = 0;
        for (Session s : sessions.values()) {
            byte[] id = parts.get(i++);
            byte[] result = parts.get(i++);
            out.putInt(id.length).put(id).putLong(s.lastSeq()).putInt(result.length).put(result);
        }
        return out.array();
    }

    /** The table from {@link #encode()}, oldest use first, as it was. */
    public static ClientSessions decode(byte[] data, int maxClients) {
        ClientSessions table = new ClientSessions(maxClients);
        if (data.length == 0) {
            return table;
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[in.getInt()];
            in.get(id);
            long seq = in.getLong();
            byte[] result = new byte[in.getInt()];
            in.get(result);
            table.sessions.put(new String(id, StandardCharsets.UTF_8), new Session(seq, result));
        }
        return table;
    }
}
