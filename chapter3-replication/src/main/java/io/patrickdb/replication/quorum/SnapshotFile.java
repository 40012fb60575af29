package io.patrickdb.replication.quorum;

import io.patrickdb.index.DataDirectory;
import io.patrickdb.index.LogRecord;
import io.patrickdb.index.RecordFormat;
import io.patrickdb.index.Snapshot;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.replication.raft.SnapshotMeta;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A Raft snapshot on disk: the state machine at one log index, in chapter 1's record format. The
 * first record is the header (key {@code raft-snapshot}, sequence the snapshot's index, value its
 * term, membership, the log's time, the client sessions and the address book); the store's records follow, in
 * sequence order, as {@link io.patrickdb.index.LogStructuredStore#exactSnapshot()} gives them.
 * Replaying them into an empty store gives the state at the index.
 *
 * <p>A snapshot is written under a temporary name, fsynced, and renamed to
 * {@code snapshot/INDEX.snap}: the rename is the moment it exists, so a crash leaves either no
 * snapshot or a whole one. The same file is what a leader streams to a follower that is too far
 * behind, chunk by chunk, and the follower keeps it under the same name.
 */
final class SnapshotFile {
    static final String HEADER_KEY = "raft-snapshot";
    private static final String SUFFIX = ".snap";
    private static final int MAX_RECORD_VALUE = 64 * 1024 * 1024; // the header: sessions can be megabytes

    /** What the header record says: the position and membership, the log's time, the sessions, the address book. */
    record Header(SnapshotMeta meta, long time, byte[] sessions, java.util.Map<String, String> addresses) {
    }

    private SnapshotFile() {
    }

    static Path directory(Path dataDir) {
        return dataDir.resolve("snapshot");
    }

    static Path pathFor(Path snapshotDir, long index) {
        return snapshotDir.resolve(String.format("%020d%s", index, SUFFIX));
    }

    /** Writes the snapshot: the header, then every record of {@code store}; returns its path once it is durable. */
    static Path write(Path snapshotDir, Header header, Snapshot store) throws IOException {
        Files.createDirectories(snapshotDir);
        Path target = pathFor(snapshotDir, header.meta().index());
        Path tmp = snapshotDir.resolve(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 20)) {
            out.write(RecordFormat.encode(LogRecord.put(header.meta().index(), 0, HEADER_KEY, encode(header))));
            for (List<LogRecord> batch; !(batch = store.next(1 << 20)).isEmpty(); ) {
                for (LogRecord r : batch) {
                    out.write(RecordFormat.encode(r));
                }
            }
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        DataDirectory.syncDirectory(snapshotDir);
        return target;
    }

    /** Reads a snapshot: hands each store record to {@code records} and returns the header. */
    static Header read(Path file, Consumer<LogRecord> records) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            buf.limit(0);
            Header header = null;
            long position = 0;
            while (true) {
                RecordFormat.Decoded d = RecordFormat.decode(buf, MAX_RECORD_VALUE);
                if (d instanceof RecordFormat.Decoded.Ok ok) {
                    if (header == null) {
                        if (!ok.record().key().equals(HEADER_KEY)) {
                            throw new IOException(file + " does not start with a snapshot header");
                        }
                        header = decode(ok.record());
                    } else {
                        records.accept(ok.record());
                    }
                    continue;
                }
                if (d instanceof RecordFormat.Decoded.Corrupt c) {
                    throw new IOException(file + " is damaged at byte " + (position - buf.remaining()) + ": " + c.reason());
                }
                int needed = ((RecordFormat.Decoded.Incomplete) d).needed();
                buf.compact();
                if (buf.capacity() < needed) {
                    ByteBuffer bigger = ByteBuffer.allocate(needed);
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                }
                int n = channel.read(buf, position);
                buf.flip();
                if (n <= 0) {
                    if (buf.hasRemaining() || header == null) {
                        throw new IOException(file + " ends in the middle of a record");
                    }
                    return header;
                }
                position += n;
            }
        }
    }

    /** The newest whole snapshot in the directory, if there is one. */
    static Optional<Path> latest(Path snapshotDir) throws IOException {
        List<Path> all = all(snapshotDir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every whole snapshot, oldest first. */
    static List<Path> all(Path snapshotDir) throws IOException {
        if (!Files.isDirectory(snapshotDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(snapshotDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    static long indexOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    /** Deletes every snapshot older than {@code keepFrom}, and leftovers of unfinished ones. */
    static void deleteBefore(Path snapshotDir, long keepFrom) throws IOException {
        List<Path> doomed = new ArrayList<>();
        for (Path p : all(snapshotDir)) {
            if (indexOf(p) < keepFrom) {
                doomed.add(p);
            }
        }
        for (Path p : doomed) {
            Files.deleteIfExists(p);
        }
    }

    private static byte[] encode(Header h) {
        return Protocol.encode(w -> w.i64(h.meta().term()).list(List.copyOf(h.meta().voters()), BodyWriter::string)
                .list(List.copyOf(h.meta().learners()), BodyWriter::string).i64(h.time()).bytes(h.sessions())
                .list(new ArrayList<>(h.addresses().entrySet()), (out, e) -> out.string(e.getKey()).string(e.getValue())));
    }

    private static Header decode(LogRecord r) {
        return Protocol.decode(r.value(), (BodyReader in) -> {
            long term = in.i64();
            List<String> voters = in.list(BodyReader::string);
            List<String> learners = in.list(BodyReader::string);
            long time = in.i64();
            byte[] sessions = in.bytes();
            java.util.Map<String, String> addresses = new java.util.HashMap<>();
            in.list(a -> addresses.put(a.string(), a.string()));
            return new Header(new SnapshotMeta(r.sequence(), term, new HashSet<>(voters), new HashSet<>(learners)), time, sessions,
                    addresses);
        });
    }
}
