package io.patrickdb.replication.quorum;

import io.patrickdb.index.DataDirectory;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.RaftSnapshotChunk;
import io.patrickdb.replication.raft.RaftMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A follower's side of a streamed snapshot: each chunk appended to {@code incoming-INDEX.part}
 * at the offset it names (on a thread of its own, never an event loop: it writes to disk), and,
 * after the last, the file fsynced and renamed to the snapshot's own name, and Raft told, as if
 * the whole snapshot had come in one message. A chunk that does not continue the file is refused,
 * and the leader starts over later.
 */
final class SnapshotReceiver implements AutoCloseable {
    private final String id;
    private final Path snapshotDir;
    private final Consumer<RaftMessage> raft;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            new io.netty.util.concurrent.DefaultThreadFactory("raft-snapshot-receiver", true));
    private volatile long[] progress = {0, 0}; // bytes received so far, the snapshot's size; 0, 0: none coming

    SnapshotReceiver(String id, Path snapshotDir, Consumer<RaftMessage> raft) {
        this.id = id;
        this.snapshotDir = snapshotDir;
        this.raft = raft;
    }

    /** Bytes of the snapshot under way received so far, and its size; 0 and 0 when none is coming. */
    long[] progress() {
        return progress.clone();
    }

    CompletableFuture<io.patrickdb.protocol.Response> receive(RaftSnapshotChunk.Request chunk) {
        if (!chunk.to().equals(id)) {
            return CompletableFuture.completedFuture(new Response.Error(Status.MALFORMED,
                    "a snapshot for " + chunk.to() + " reached node " + id));
        }
        return CompletableFuture.supplyAsync(() -> write(chunk), writer);
    }

    private io.patrickdb.protocol.Response write(RaftSnapshotChunk.Request chunk) {
        Path part = snapshotDir.resolve("incoming-" + chunk.meta().index() + ".part");
        try {
            Files.createDirectories(snapshotDir);
            if (chunk.offset() == 0) {
                Files.deleteIfExists(part);
            }
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (channel.size() != chunk.offset()) {
                    return new Response.Error(Status.MALFORMED, "snapshot " + chunk.meta().index() + ": expected the chunk at "
                            + channel.size() + ", got " + chunk.offset() + "; start over");
                }
                ByteBuffer bytes = ByteBuffer.wrap(chunk.data());
                while (bytes.hasRemaining()) {
                    channel.write(bytes, chunk.offset() + bytes.position());
                }
                if (chunk.last()) {
                    channel.force(true);
                }
            }
            progress = chunk.last() ? new long[] {0, 0} : new long[] {chunk.offset() + chunk.data().length, chunk.total()};
            if (chunk.last()) {
                Files.move(part, SnapshotFile.pathFor(snapshotDir, chunk.meta().index()), StandardCopyOption.ATOMIC_MOVE);
                DataDirectory.syncDirectory(snapshotDir);
                raft.accept(new RaftMessage.SnapshotRequest(chunk.term(), chunk.from(), chunk.to(), chunk.meta(), new byte[0]));
            }
            return new RaftSnapshotChunk.Response();
        } catch (IOException e) {
            return new Response.Error(Status.SERVER_ERROR, "cannot write snapshot " + chunk.meta().index() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
