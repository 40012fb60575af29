package io.patrickdb.replication.quorum;

import io.patrickdb.index.InvalidKeyException;
import io.patrickdb.index.LogRecord;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.ValueTooLargeException;
import io.patrickdb.index.Versioned;
import io.patrickdb.replication.protocol.SessionWrite.Outcome;
import io.patrickdb.replication.raft.ClientSessions;
import io.patrickdb.replication.raft.Entry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The key-value store as Raft's state machine: committed commands applied in log order, each at
 * most once per client session, and nothing else. A command's record gets the command's log
 * index as its sequence number, so a key's version is the index of the write that made it, the
 * same on every node, and a compare-and-set means the same thing whichever node applies it.
 *
 * <p>Time inside the state machine is the log's, not the node's: {@link #clock()} reads the
 * proposing leader's time of the last command applied (never going backwards), and the store is
 * opened with it, so that whether a key has expired is decided alike everywhere.
 *
 * <p>Only the node's Raft thread calls {@link #apply}; reads may come from any thread.
 */
final class StateMachine {
    private final int maxSessions;
    private ClientSessions sessions;
    private volatile long time; // the log's time: the latest proposedAt applied
    private LogStructuredStore store;
    private volatile long applied;
    private final java.util.Map<String, String> addresses = new java.util.concurrent.ConcurrentHashMap<>(); // from CONFIG entries

    StateMachine(int maxSessions) {
        this.maxSessions = maxSessions;
        this.sessions = new ClientSessions(maxSessions);
    }

    /** The clock to open the store with: the log's time. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException("the log's clock has no zones");
            }

            @Override
            public long millis() {
                return time;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(time);
            }
        };
    }

    void attach(LogStructuredStore store) {
        this.store = store;
    }

    /** The snapshot header for the state as it is now, which is the state at {@code meta}'s index. */
    SnapshotFile.Header header(io.patrickdb.replication.raft.SnapshotMeta meta) {
        if (meta.index() != applied) {
            throw new IllegalStateException("a snapshot at " + meta.index() + " of a state machine at " + applied);
        }
        return new SnapshotFile.Header(meta, time, sessions.encode(), addresses());
    }

    /** Replaces the whole state with a snapshot's: the store emptied and refilled, the sessions, the time. */
    SnapshotFile.Header restore(java.nio.file.Path file) throws java.io.IOException {
        store.reset();
        SnapshotFile.Header header = SnapshotFile.read(file, record -> store.applyReplicated(record).join());
        sessions = ClientSessions.decode(header.sessions(), maxSessions);
        time = header.time();
        addresses.clear();
        addresses.putAll(header.addresses());
        applied = header.meta().index();
        return header;
    }

    /** The index of the last entry applied. */
    long applied() {
        return applied;
    }

    int sessions() {
        return sessions.size();
    }

    /**
     * Applies a committed entry, and returns what a write came to (null for an entry that is not
     * a command). A repeat of a session's last command returns the first answer without applying
     * anything; an older one (its session was dropped) returns null: no one can know.
     */
    WriteResult apply(Entry entry) {
        applied = entry.index();
        if (entry.type() == Entry.Type.CONFIG) {
            learnAddress(io.patrickdb.replication.raft.Membership.contextOf(entry.data()));
        }
        if (entry.type() != Entry.Type.COMMAND) {
            return null;
        }
        Command command = Command.decode(entry.data());
        time = Math.max(time, command.proposedAt());
        if (!command.hasSession()) {
            return execute(entry.index(), command);
        }
        ClientSessions.Outcome outcome = sessions.apply(command.client(), command.seq(),
                () -> execute(entry.index(), command).encode());
        if (outcome instanceof ClientSessions.Outcome.Applied a) {
            return WriteResult.decode(a.result());
        }
        if (outcome instanceof ClientSessions.Outcome.Repeated r) {
            return WriteResult.decode(r.result());
        }
        return null;
    }

    /**
     * Runs one command against the store. A command the store refuses (a value that an append
     * made too large) is refused on every node alike; any other failure of the store (the disk)
     * is not the command's fault and stops the node, rather than leave it a state its peers do
     * not have.
     */
    /**
     * A membership change that adds a node carries where it serves ({@code id=host:port}, the
     * change's context): the address book is part of the replicated state, so that every node,
     * and any future leader, can reach the newcomer.
     */
    private void learnAddress(String context) {
        int eq = context.indexOf('=');
        if (eq > 0) {
            addresses.put(context.substring(0, eq), context.substring(eq + 1));
        }
    }

    /** Where the nodes added by membership changes serve, by id. */
    java.util.Map<String, String> addresses() {
        return java.util.Map.copyOf(addresses);
    }

    private WriteResult execute(long index, Command c) {
        try {
            return executeUnchecked(index, c);
        } catch (ValueTooLargeException | InvalidKeyException refused) {
            return new WriteResult(Outcome.REFUSED, 0);
        }
    }

    private WriteResult executeUnchecked(long index, Command c) {
        Optional<Versioned> current = store.getVersioned(c.key());
        switch (c.kind()) {
            case PUT -> {
                write(LogRecord.put(index, c.expiresAt(), c.key(), c.value()));
                return done(index);
            }
            case DELETE -> {
                if (current.isEmpty()) {
                    return new WriteResult(Outcome.NOT_FOUND, 0);
                }
                write(LogRecord.tombstone(index, c.key()));
                return done(index);
            }
            case COMPARE_AND_SET -> {
                long version = current.map(Versioned::version).orElse(0L);
                if (version != c.expectedVersion()) {
                    return new WriteResult(Outcome.VERSION_MISMATCH, version);
                }
                write(LogRecord.put(index, c.expiresAt(), c.key(), c.value()));
                return done(index);
            }
            case APPEND -> {
                if (current.isEmpty()) {
                    return new WriteResult(Outcome.NOT_FOUND, 0);
                }
                byte[] old = current.get().value();
                byte[] joined = java.util.Arrays.copyOf(old, old.length + c.value().length);
                System.arraycopy(c.value(), 0, joined, old.length, c.value().length);
                write(LogRecord.put(index, current.get().expiresAt(), c.key(), joined)); // memcached's append keeps the expiry
                return done(index);
            }
            default -> throw new IllegalStateException("unknown command " + c.kind());
        }
    }

    private void write(LogRecord record) {
        store.applyReplicated(record).join(); // the store does not fsync (the Raft log is durable): this does not wait
    }

    private static WriteResult done(long index) {
        return new WriteResult(Outcome.DONE, index);
    }
}
