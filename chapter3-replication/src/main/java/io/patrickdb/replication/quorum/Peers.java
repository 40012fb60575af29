package io.patrickdb.replication.quorum;

import io.netty.channel.EventLoopGroup;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.replication.protocol.RaftPeer;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.raft.RaftMessage;
import io.patrickdb.server.Transport;
import java.time.Duration;
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

    private final Map<String, String> addresses = new ConcurrentHashMap<>(); // node id -> host:port
    private final Map<String, PatrickClient> clients = new ConcurrentHashMap<>();
    private final EventLoopGroup group = Transport.newGroup(1, "raft-peers");

    /** @param addresses node id to "host:port"; an empty address is one not known yet */
    Peers(Map<String, String> addresses) {
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

    /** Sends a message; never blocks, never throws. */
    void send(RaftMessage message) {
        PatrickClient client = client(message.to());
        if (client == null) {
            LOG.debug("no address for {}: {} dropped", message.to(), message);
            return;
        }
        client.call(new RaftPeer.Request(message)).exceptionally(e -> {
            LOG.debug("to {}: {}", message.to(), e.toString());
            return null;
        });
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
        clients.values().forEach(PatrickClient::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
