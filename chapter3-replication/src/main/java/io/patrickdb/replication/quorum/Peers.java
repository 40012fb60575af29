package io.patrickdb.replication.quorum;

import io.netty.channel.EventLoopGroup;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.replication.protocol.RaftPeer;
import io.patrickdb.replication.protocol.RaftSnapshotChunk;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.raft.RaftMessage;
import io.patrickdb.server.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections from this node to the other members of its group, one per peer, opened on first
 * use and again after they break. A message goes out as a {@link RaftPeer} request and nothing
 * waits for its answer: Raft does not need to know that a message arrived, only to hear the
 * answer that comes back as a message of its own. A message to a peer that cannot be reached is
 * lost, which Raft tolerates (the leader sends again on its next heartbeat).
 */
final class Peers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private static final int CHUNK_BYTES = 1024 * 1024;

    private final Map<String, String> addresses = new ConcurrentHashMap<>(); // node id -> host:port
    private final Map<String, PatrickClient> clients = new ConcurrentHashMap<>();
    private final EventLoopGroup group = Transport.newGroup(1, "raft-peers");
    private final Path snapshotDir;
    private final Map<String, Transfer> transfers = new ConcurrentHashMap<>();
    private final ExecutorService snapshotReader = Executors.newSingleThreadExecutor(
            new io.netty.util.concurrent.DefaultThreadFactory("raft-snapshot-sender", true));

    /** A snapshot on its way to a peer: which one, and how far. */
    record Transfer(long index, long total, AtomicLong sent) {
    }

    /**
     * @param addresses   node id to "host:port"; an empty address is one not known yet
     * @param snapshotDir where the snapshots that {@link RaftMessage.SnapshotRequest}s name are
     */
    Peers(Map<String, String> addresses, Path snapshotDir) {
        this.snapshotDir = snapshotDir;
        addresses.forEach((id, address) -> {
            if (!address.isEmpty()) {
                this.addresses.put(id, address);
            }
        });
    }

    /** Where node {@code id} serves, if this node knows. */
    Optional<String> address(String id) {
        return Optional.ofNullable(addresses.get(id));
    }

    Map<String, String> addresses() {
        return Map.copyOf(addresses);
    }

    /** Learns (or changes) where node {@code id} serves. */
    void learn(String id, String address) {
        String old = addresses.put(id, address);
        if (old != null && !old.equals(address)) {
            PatrickClient stale = clients.remove(id);
            if (stale != null) {
                stale.close();
            }
        }
    }

    /** Sends a message; never blocks, never throws. A snapshot goes as a stream of chunks. */
    void send(RaftMessage message) {
        PatrickClient client = client(message.to());
        if (client == null) {
            LOG.debug("no address for {}: {} dropped", message.to(), message);
            return;
        }
        if (message instanceof RaftMessage.SnapshotRequest snapshot) {
            startTransfer(client, snapshot);
            return;
        }
        try {
            client.call(new RaftPeer.Request(message)).exceptionally(e -> {
                LOG.debug("to {}: {}", message.to(), e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            // A client that throws instead of failing its future is a bug (one such, in the client's
            // connection check, once stopped a leader's Raft thread); a lost message is not.
            LOG.warn("to {}: {} lost: {}", message.to(), message.getClass().getSimpleName(), e.toString(), e);
        }
    }

    /** The snapshot transfers under way, by peer. */
    Map<String, Transfer> transfers() {
        return Map.copyOf(transfers);
    }

    /**
     * Streams the snapshot file to the peer, one chunk per round trip, unless a transfer to it is
     * already under way (Raft asks again while one is: it cannot know how long a file takes). A
     * transfer that fails is dropped; Raft asks again after an election timeout.
     */
    private void startTransfer(PatrickClient client, RaftMessage.SnapshotRequest s) {
        Path file = SnapshotFile.pathFor(snapshotDir, s.meta().index());
        snapshotReader.execute(() -> {
            FileChannel channel;
            Transfer transfer;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ); // stays readable if a newer snapshot deletes it
                transfer = new Transfer(s.meta().index(), channel.size(), new AtomicLong());
            } catch (IOException e) {
                LOG.warn("cannot send snapshot {} to {}: {}", s.meta().index(), s.to(), e.toString());
                return;
            }
            if (transfers.putIfAbsent(s.to(), transfer) != null) {
                closeQuietly(channel);
                return;
            }
            LOG.info("sending snapshot {} ({} bytes) to {}", s.meta().index(), transfer.total(), s.to());
            sendChunk(client, s, channel, transfer);
        });
    }

    private void sendChunk(PatrickClient client, RaftMessage.SnapshotRequest s, FileChannel channel, Transfer transfer) {
        long offset = transfer.sent().get();
        RaftSnapshotChunk.Request chunk;
        try {
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, transfer.total() - offset));
            while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) > 0) {
                // read until the chunk is full
            }
            boolean last = offset + bytes.position() >= transfer.total();
            chunk = new RaftSnapshotChunk.Request(s.term(), s.from(), s.to(), s.meta(), offset,
                    transfer.total(), java.util.Arrays.copyOf(bytes.array(), bytes.position()), last);
        } catch (IOException e) {
            endTransfer(s, channel, e.toString());
            return;
        }
        client.call(chunk).whenCompleteAsync((response, failure) -> {
            if (failure != null || response instanceof io.patrickdb.protocol.Response.Error) {
                endTransfer(s, channel, failure != null ? failure.toString() : response.toString());
            } else if (chunk.last()) {
                transfer.sent().set(transfer.total());
                endTransfer(s, channel, null);
            } else {
                transfer.sent().addAndGet(chunk.data().length);
                sendChunk(client, s, channel, transfer);
            }
        }, snapshotReader);
    }

    private void endTransfer(RaftMessage.SnapshotRequest s, FileChannel channel, String failure) {
        closeQuietly(channel);
        transfers.remove(s.to());
        if (failure == null) {
            LOG.info("sent snapshot {} to {}", s.meta().index(), s.to());
        } else {
            LOG.info("snapshot {} to {} broke off: {}", s.meta().index(), s.to(), failure);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // reading is over either way
        }
    }

    private PatrickClient client(String id) {
        String address = addresses.get(id);
        if (address == null) {
            return null;
        }
        return clients.computeIfAbsent(id, peer -> PatrickClient.create(ClientOptions.parse(address)
                .withProtocol(ReplicationProtocol.v1()).withConnections(1).withRequestTimeout(Duration.ofSeconds(5)), group));
    }

    @Override
    public void close() {
        snapshotReader.shutdownNow();
        clients.values().forEach(PatrickClient::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
