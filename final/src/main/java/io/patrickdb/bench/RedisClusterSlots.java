package io.patrickdb.bench;

import io.patrickdb.bench.core.RunFailed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Redis Cluster's slots, as the load generator starts from them: {@code CLUSTER SLOTS} asked of
 * the seed node. Its reply is an array of ranges, each
 * {@code [first slot, last slot, [host, port, id, ...] of the master, then its replicas]}; the
 * requests go to the masters. A host that is empty means the seed's own (Redis says so when it
 * does not know the address clients reach it by).
 */
final class RedisClusterSlots {
    private RedisClusterSlots() {
    }

    /** The slots of the cluster that the node at {@code host:port} belongs to, each to its master. */
    static SlotMap read(String host, int port) {
        List<?> ranges;
        try (RespClient seed = new RespClient(host, port)) {
            ranges = (List<?>) seed.call("CLUSTER", "SLOTS");
        } catch (IOException | ClassCastException e) {
            throw new RunFailed("CLUSTER SLOTS at " + host + ":" + port + " failed (is it a node of a Redis Cluster?): " + e.getMessage());
        }
        SlotMap slots = new SlotMap();
        for (Object item : ranges) {
            List<?> range = (List<?>) item;
            List<?> master = (List<?>) range.get(2);
            String masterHost = new String((byte[]) master.get(0), StandardCharsets.UTF_8);
            String address = (masterHost.isEmpty() ? host : masterHost) + ":" + master.get(1);
            slots.assign(((Long) range.get(0)).intValue(), ((Long) range.get(1)).intValue(), address);
        }
        try {
            return slots.complete();
        } catch (IllegalStateException e) {
            throw new RunFailed("the Redis Cluster at " + host + ":" + port + " is not ready: " + e.getMessage());
        }
    }
}
