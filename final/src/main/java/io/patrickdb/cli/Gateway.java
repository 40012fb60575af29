package io.patrickdb.cli;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.rest.RestGateway;
import io.patrickdb.rest.RestOptions;

/**
 * The REST gateway the server command runs beside the binary port, or none. It is a client of
 * the binary server like any other (over loopback), so the REST path exercises the same
 * protocol that remote programs use.
 */
interface Gateway extends AutoCloseable {
    Gateway NONE = new Gateway() {
        @Override
        public String describe() {
            return "";
        }

        @Override
        public void close() {
        }
    };

    /** Starts the REST API on {@code host:httpPort}, talking to the binary server on {@code serverPort}. */
    static Gateway start(String host, int httpPort, int serverPort) {
        RestGateway rest = RestGateway.start(RestOptions.defaults().withHost(host).withPort(httpPort),
                ClientOptions.to(host, serverPort).withConnections(4));
        return running(host, rest, () -> { });
    }

    /**
     * Starts the REST API on {@code host:httpPort} in front of a partitioned cluster, through the
     * partitioned client: every key goes to its group, whichever node's REST API was asked. The
     * client is made at the first request (the node starts before the cluster has its map), and
     * again after a failure to make it.
     */
    static Gateway startPartitioned(String host, int httpPort, String nodeAddress) {
        DeferredPartitionedClient client = new DeferredPartitionedClient(java.util.List.of(nodeAddress));
        RestGateway rest = RestGateway.start(RestOptions.defaults().withHost(host).withPort(httpPort), client);
        return running(host, rest, client::close);
    }

    /** A running gateway; closing it closes {@code rest}, then {@code after}. */
    private static Gateway running(String host, RestGateway rest, Runnable after) {
        return new Gateway() {
            @Override
            public String describe() {
                return ", REST on http://" + host + ":" + rest.port() + "/v1";
            }

            @Override
            public void close() {
                rest.close();
                after.run();
            }
        };
    }

    /** A phrase for the startup line, such as {@code ", REST on http://127.0.0.1:7380/v1"}. */
    String describe();

    @Override
    void close();
}
