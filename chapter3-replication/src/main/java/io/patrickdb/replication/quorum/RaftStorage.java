package io.patrickdb.replication.quorum;

import io.patrickdb.index.DataDirectory;
import io.patrickdb.index.Limits;
import io.patrickdb.index.LogRecord;
import io.patrickdb.index.RecordLog;
import io.patrickdb.index.StoreException;
import io.patrickdb.replication.raft.Entry;
import io.patrickdb.replication.raft.HardState;
import io.patrickdb.replication.raft.RaftCore;
import io.patrickdb.replication.raft.Ready;
import io.patrickdb.replication.raft.SnapshotMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a Raft node keeps on disk, and the order in which it makes it durable.
 *
 * <p><b>The log</b> is chapter 1's {@link RecordLog} in {@code raft/}: one record per entry, its
 * sequence number the entry's index, its key the entry's type ({@code noop}, {@code command},
 * {@code config}), its value the entry's term (8 bytes, big-endian) followed by the entry's data.
 * The leader's entries replace a follower's conflicting ones by cutting the log's tail.
 *
 * <p><b>The hard state</b> is the small file {@code RAFT_STATE}: the node's id, its term, whom it
 * voted for in that term, and a commit index that is at most the real one. It is rewritten
 * atomically (a temporary file, fsync, rename) only when the term or the vote changes, which is
 * rare; the commit index in it is only a head start for a restart, since the leader tells a
 * follower its commit index anyway.
 *
 * <p>{@link #persist} writes a {@link Ready}'s entries and hard state and fsyncs once, for all
 * the entries of the batch: that single fsync is the group commit every write of the batch
 * shares. Nothing of the batch may be sent or acknowledged before it returns.
 */
final class RaftStorage implements AutoCloseable {
    static final String HARD_STATE = "RAFT_STATE";
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int MAX_ENTRY_BYTES = 2 * Limits.DEFAULT_MAX_VALUE_BYTES; // a command: a value and its key, with room

    private final Path dir;
    private final String nodeId;
    private final RecordLog log;
    private final List<Entry> recovered;
    private HardState saved;

    private RaftStorage(Path dir, String nodeId, HardState saved, RecordLog log, List<Entry> recovered) {
        this.dir = dir;
        this.nodeId = nodeId;
        this.saved = saved;
        this.log = log;
        this.recovered = recovered;
    }

    /**
     * Opens (or creates) a node's Raft files in {@code dir}; refuses a directory of another node.
     * With a snapshot ({@code snapshot} not null: the newest on disk), the log is what follows it:
     * entries it covers are left out, and a log that does not continue it (it ends before the
     * snapshot, or has another term at its index: a follower that crashed while it installed a
     * leader's snapshot) is started over after it.
     */
    static RaftStorage open(Path dir, String nodeId, SnapshotMeta snapshot) {
        try {
            java.nio.file.Files.createDirectories(dir);
            HardState saved = readHardState(dir, nodeId);
            List<Entry> entries = new ArrayList<>();
            long after = snapshot == null ? 0 : snapshot.index();
            long[] termAtSnapshot = {-1};
            RecordLog log = RecordLog.open(dir.resolve("raft"), SEGMENT_BYTES, MAX_ENTRY_BYTES, after, record -> {
                Entry e = toEntry(record);
                if (e.index() == after) {
                    termAtSnapshot[0] = e.term();
                }
                if (e.index() > after) {
                    entries.add(e);
                }
            });
            if (snapshot != null && (log.lastSequence() < after || termAtSnapshot[0] != snapshot.term() && log.firstSequence() <= after)) {
                log.resetAfter(after);
                entries.clear();
            }
            return new RaftStorage(dir, nodeId, saved, log, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Raft state in " + dir, e);
        }
    }

    /** What the core starts from: the hard state, the snapshot (if any) and the log after it. */
    RaftCore.Restored restored(Set<String> voters, SnapshotMeta snapshot) {
        return new RaftCore.Restored(saved, snapshot == null ? new SnapshotMeta(0, 0, voters) : snapshot, new byte[0],
                List.copyOf(recovered));
    }

    /**
     * A leader's snapshot was installed (its file is in place): the log keeps what follows it if it
     * has the snapshot's last entry, and starts over after it otherwise.
     */
    void installed(SnapshotMeta meta, boolean logContinuesIt) {
        if (logContinuesIt) {
            log.dropThrough(meta.index());
        } else {
            log.resetAfter(meta.index());
        }
    }

    /** A snapshot covers everything up to {@code index}: the log's files that hold nothing after it go. */
    void dropThrough(long index) {
        log.dropThrough(index);
    }

    /** Makes a batch durable: entries (cutting any conflicting tail first), then the hard state, one fsync for the entries. */
    void persist(Ready ready) {

        // BEGIN SOLUTION chapter3.part8
        List<Entry> entries = ready.entries();
        if (!entries.isEmpty()) {
            long first = entries.get(0).index();
            if (first <= log.lastSequence()) {
                log.truncateAfter(first - 1);
            }
            for (Entry e : entries) {
                log.append(toRecord(e));
            }
            log.force();
        }
        HardState hs = ready.hardState();
        if (hs != null && (hs.term() != saved.term() || !Objects.equals(hs.votedFor(), saved.votedFor()))) {
            writeHardState(hs);
        }
        // STUB: throw new UnsupportedOperationException("chapter3.part8: cut a conflicting tail, append the entries, fsync once; write the term and vote when they change");
        // END SOLUTION
    }

    private void writeHardState(HardState hs) {
        String text = "id " + nodeId + "\nterm " + hs.term() + "\nvote " + (hs.votedFor() == null ? "-" : hs.votedFor())
                + "\ncommit " + hs.commit() + "\n";
        try {
            DataDirectory.writeAtomically(dir, HARD_STATE, text);
        } catch (IOException e) {
            throw new StoreException("cannot write " + dir.resolve(HARD_STATE) + ": " + e.getMessage(), e);
        }
        saved = hs;
    }

    private static HardState readHardState(Path dir, String nodeId) throws IOException {
        var text = DataDirectory.read(dir, HARD_STATE);
        if (text.isEmpty()) {
            return HardState.INITIAL;
        }
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String line : text.get().split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length == 2) {
                fields.put(kv[0], kv[1]);
            }
        }
        if (!nodeId.equals(fields.get("id"))) {
            throw new IllegalStateException(dir + " holds the Raft state of node " + fields.get("id") + ", not of " + nodeId);
        }
        String vote = fields.getOrDefault("vote", "-");
        return new HardState(Long.parseLong(fields.get("term")), vote.equals("-") ? null : vote,
                Long.parseLong(fields.getOrDefault("commit", "0")));
    }

    static LogRecord toRecord(Entry e) {
        byte[] value = ByteBuffer.allocate(8 + e.data().length).putLong(e.term()).put(e.data()).array();
        return LogRecord.put(e.index(), 0, e.type().name().toLowerCase(java.util.Locale.ROOT), value);
    }

    static Entry toEntry(LogRecord r) {
        Entry.Type type = Entry.Type.valueOf(r.key().toUpperCase(java.util.Locale.ROOT));
        long term = ByteBuffer.wrap(r.value()).getLong();
        return new Entry(r.sequence(), term, type, Arrays.copyOfRange(r.value(), 8, r.value().length));
    }

    /** The last index on disk. */
    long lastIndex() {
        return log.lastSequence();
    }

    @Override
    public void close() {
        log.close();
    }
}
