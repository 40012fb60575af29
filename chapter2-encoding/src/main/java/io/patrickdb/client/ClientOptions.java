package io.patrickdb.client;

import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Protocol;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the server is and how patient to be with it.
 *
 * @param host           the server's host
 * @param port           the server's port
 * @param connections    connections in the pool; requests are spread over them round robin
 * @param requestTimeout a request with no response after this long fails with {@link RequestTimeoutException}
 * @param connectTimeout how long to wait for a connection (and its handshake)
 * @param protocol       the operations and versions this client speaks
 * @param maxFrameBytes  the largest response frame accepted
 */
public record ClientOptions(String host, int port, int connections, Duration requestTimeout, Duration connectTimeout,
                            Protocol protocol, int maxFrameBytes) {
    public ClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 1 || port > 65535 || connections < 1) {
            throw new IllegalArgumentException("need a port in 1..65535 and at least one connection");
        }
    }

    /** Two connections, 5 s request timeout, 3 s connect timeout, protocol v1. */
    public static ClientOptions to(String host, int port) {
        return new ClientOptions(host, port, 2, Duration.ofSeconds(5), Duration.ofSeconds(3), Protocol.v1(),
                Frame.DEFAULT_MAX_FRAME_BYTES);
    }

    /** Parses {@code HOST:PORT}. */
    public static ClientOptions parse(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + hostAndPort + "'");
        }
        try {
            return to(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + hostAndPort + "'");
        }
    }

    public ClientOptions withConnections(int connections) {
        return new ClientOptions(host, port, connections, requestTimeout, connectTimeout, protocol, maxFrameBytes);
    }

    public ClientOptions withRequestTimeout(Duration requestTimeout) {
        return new ClientOptions(host, port, connections, requestTimeout, connectTimeout, protocol, maxFrameBytes);
    }

    public ClientOptions withProtocol(Protocol protocol) {
        return new ClientOptions(host, port, connections, requestTimeout, connectTimeout, protocol, maxFrameBytes);
    }
}
