package io.patrickdb.server;

import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.Protocol;
import java.time.Duration;
import java.util.Objects;

/**
 * How a server listens and what it puts up with.
 *
 * @param host             the address to bind ({@code 127.0.0.1} by default: only this machine)
 * @param port             the port; 0 lets the OS choose (tests do this)
 * @param maxFrameBytes    the largest frame accepted; larger ones close the connection
 * @param idleTimeout      a connection that sends nothing for this long is closed
 * @param maxConnections   connections beyond this are answered UNAVAILABLE and closed
 * @param maxInFlight      requests one connection may have outstanding before the server stops
 *                         reading from it (back pressure instead of an unbounded queue)
 * @param ioThreads        event-loop threads (by default half the cores: the writer thread, the
 *                         store's sync thread and the garbage collector need the rest)
 * @param protocol         the operations and versions served
 * @param serverName       sent in the handshake
 */
public record ServerOptions(String host, int port, int maxFrameBytes, Duration idleTimeout, int maxConnections,
                            int maxInFlight, int ioThreads, Protocol protocol, String serverName) {

    public static final String NAME = "patrickdb 0.1.0";

    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(serverName, "serverName");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxFrameBytes < Frame.HEADER_BYTES || maxConnections < 1 || maxInFlight < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxFrameBytes + ", " + maxConnections
                    + ", " + maxInFlight + ", " + ioThreads);
        }
    }

    /** Loopback, an OS-chosen port, 2 MiB frames, 5 minutes idle, 1024 connections, half the cores, protocol v1. */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 0, Frame.DEFAULT_MAX_FRAME_BYTES, Duration.ofMinutes(5), 1024,
                1024, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), Protocol.v1(), NAME);
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, maxFrameBytes, idleTimeout, maxConnections, maxInFlight, ioThreads, protocol, serverName);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, maxFrameBytes, idleTimeout, maxConnections, maxInFlight, ioThreads, protocol, serverName);
    }

    public ServerOptions withMaxFrameBytes(int maxFrameBytes) {
        return new ServerOptions(host, port, maxFrameBytes, idleTimeout, maxConnections, maxInFlight, ioThreads, protocol, serverName);
    }

    public ServerOptions withIdleTimeout(Duration idleTimeout) {
        return new ServerOptions(host, port, maxFrameBytes, idleTimeout, maxConnections, maxInFlight, ioThreads, protocol, serverName);
    }

    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(host, port, maxFrameBytes, idleTimeout, maxConnections, maxInFlight, ioThreads, protocol, serverName);
    }

    public ServerOptions withIoThreads(int ioThreads) {
        return new ServerOptions(host, port, maxFrameBytes, idleTimeout, maxConnections, maxInFlight, ioThreads, protocol, serverName);
    }

    public ServerOptions withProtocol(Protocol protocol) {
        return new ServerOptions(host, port, maxFrameBytes, idleTimeout, maxConnections, maxInFlight, ioThreads, protocol, serverName);
    }
}
