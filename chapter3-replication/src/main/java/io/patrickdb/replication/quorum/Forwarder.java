package io.patrickdb.replication.quorum;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The connections over which a follower hands clients' requests to its leader, one client per leader address. */
final class Forwarder implements AutoCloseable {
    private final Map<String, PatrickClient> clients = new ConcurrentHashMap<>();
    private final io.netty.channel.EventLoopGroup group = io.patrickdb.server.Transport.newGroup(1, "patrickdb-forwarder");

    PatrickClient to(String address) {
        return clients.computeIfAbsent(address, a -> PatrickClient.create(ClientOptions.parse(a)
                .withProtocol(ReplicationProtocol.v1()).withConnections(2).withRequestTimeout(Duration.ofSeconds(10)), group));
    }

    @Override
    public void close() {
        clients.values().forEach(PatrickClient::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
