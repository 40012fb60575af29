package io.patrickdb.rest;

import io.patrickdb.index.Limits;
import java.util.Objects;

/**
 * Where the REST gateway listens and how much it accepts.
 *
 * @param host         the address to bind ({@code 127.0.0.1} by default: only this machine)
 * @param port         the port; 0 lets the OS choose (tests do this)
 * @param maxBodyBytes the largest request body accepted, which for a PUT is the value: larger
 *                     bodies are answered 413 before anything reaches the server
 * @param ioThreads    event-loop threads
 */
public record RestOptions(String host, int port, int maxBodyBytes, int ioThreads) {

    public RestOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Limits.LARGEST_MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes must be in 1.." + Limits.LARGEST_MAX_VALUE_BYTES
                    + ", was " + maxBodyBytes);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be positive, was " + ioThreads);
        }
    }

    /** Loopback, an OS-chosen port, the store's default value limit (1 MiB), an event loop per two cores. */
    public static RestOptions defaults() {
        return new RestOptions("127.0.0.1", 0, Limits.DEFAULT_MAX_VALUE_BYTES,
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    public RestOptions withHost(String host) {
        return new RestOptions(host, port, maxBodyBytes, ioThreads);
    }

    public RestOptions withPort(int port) {
        return new RestOptions(host, port, maxBodyBytes, ioThreads);
    }

    public RestOptions withMaxBodyBytes(int maxBodyBytes) {
        return new RestOptions(host, port, maxBodyBytes, ioThreads);
    }

    public RestOptions withIoThreads(int ioThreads) {
        return new RestOptions(host, port, maxBodyBytes, ioThreads);
    }
}
