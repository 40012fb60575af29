package io.patrickdb.replication;

import io.patrickdb.index.DataDirectory;
import io.patrickdb.index.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a node remembers about replication, in its data directory's {@code REPLICATION} file:
 * whose history its store holds, and its role.
 *
 * <pre>
 *   patrickdb-replication 1
 *   node-id 1f0c...            this node's name, made once
 *   replication-id 9a3e...     the history the store holds (40 hex digits, as Redis's)
 *   previous-id 77b1...        the history before a promotion, valid up to previous-end ("-": none)
 *   previous-end 1500
 *   full-resync false          true from just before a full resync resets the store until its snapshot is in
 *   leader 127.0.0.1:7379      whom this node follows ("-": it is a leader)
 * </pre>
 *
 * <p>A node's offset is not in the file: it is the store's own last sequence number, which the
 * log makes durable with every record. The file changes only when the history or the role does,
 * and is written whole or not at all.
 *
 * @param fullResync a full resync reset the store and did not finish: the store's records are
 *                   not a prefix of {@code replicationId}'s history, so the node must not offer them
 */
public record ReplicationState(String nodeId, String replicationId, String previousId, long previousEnd,
                               boolean fullResync, Optional<String> leader) {
    private static final String HEADER = "patrickdb-replication 1";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new random id: 20 bytes as 40 hex digits. */
    public static String newId() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The state of a node that has never replicated: a leader of a new history. */
    public static ReplicationState fresh() {
        return new ReplicationState(newId().substring(0, 16), newId(), "", 0, false, Optional.empty());
    }

    public boolean isFollower() {
        return leader.isPresent();
    }

    /** A promotion: a new history that continues the current one, which stays valid up to {@code offset}. */
    public ReplicationState promoted(long offset) {
        return new ReplicationState(nodeId, newId(), replicationId, offset, false, Optional.empty());
    }

    public ReplicationState following(String leader) {
        return new ReplicationState(nodeId, replicationId, previousId, previousEnd, fullResync, Optional.of(leader));
    }

    /** The leader continued this node's history under its own id (it was promoted from it). */
    public ReplicationState adopting(String leaderId) {
        return new ReplicationState(nodeId, leaderId, "", 0, false, leader);
    }

    /** Just before a full resync resets the store. */
    public ReplicationState resyncing(String leaderId) {
        return new ReplicationState(nodeId, leaderId, "", 0, true, leader);
    }

    /** A full resync's snapshot is applied. */
    public ReplicationState resynced() {
        return new ReplicationState(nodeId, replicationId, "", 0, false, leader);
    }

    /** Reads the state in {@code dir}, or a fresh one (written there) if it has none. */
    public static ReplicationState load(Path dir) {
        try {
            Optional<String> text = DataDirectory.read(dir, DataDirectory.REPLICATION);
            if (text.isEmpty()) {
                ReplicationState fresh = fresh();
                fresh.save(dir);
                return fresh;
            }
            return parse(text.get(), dir);
        } catch (IOException e) {
            throw new StoreException("cannot read " + dir.resolve(DataDirectory.REPLICATION) + ": " + e.getMessage(), e);
        }
    }

    private static ReplicationState parse(String text, Path dir) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new StoreException("unreadable " + dir.resolve(DataDirectory.REPLICATION) + ": it does not start with '" + HEADER + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int space = lines[i].indexOf(' ');
            if (space > 0) {
                fields.put(lines[i].substring(0, space), lines[i].substring(space + 1).trim());
            }
        }
        try {
            return new ReplicationState(required(fields, "node-id"), required(fields, "replication-id"),
                    orNone(required(fields, "previous-id")), Long.parseLong(required(fields, "previous-end")),
                    Boolean.parseBoolean(required(fields, "full-resync")),
                    Optional.of(required(fields, "leader")).filter(l -> !l.equals("-")));
        } catch (IllegalArgumentException e) {
            throw new StoreException("unreadable " + dir.resolve(DataDirectory.REPLICATION) + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "' line");
        }
        return value;
    }

    private static String orNone(String value) {
        return value.equals("-") ? "" : value;
    }

    /** Writes the state to {@code dir}, durably. */
    public void save(Path dir) {
        String text = HEADER + "\n"
                + "node-id " + nodeId + "\n"
                + "replication-id " + replicationId + "\n"
                + "previous-id " + (previousId.isEmpty() ? "-" : previousId) + "\n"
                + "previous-end " + previousEnd + "\n"
                + "full-resync " + fullResync + "\n"
                + "leader " + leader.orElse("-") + "\n";
        try {
            DataDirectory.writeAtomically(dir, DataDirectory.REPLICATION, text);
        } catch (IOException e) {
            throw new StoreException("cannot write " + dir.resolve(DataDirectory.REPLICATION) + ": " + e.getMessage(), e);
        }
    }
}
