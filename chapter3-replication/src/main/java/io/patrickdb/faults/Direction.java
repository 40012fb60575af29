package io.patrickdb.faults;

import java.util.List;

/**
 * Which way through a {@link FaultProxy} a fault applies to. The client is whoever connects to the
 * proxy, the server is the proxy's target.
 */
public enum Direction {
    /** From the client to the server: requests, for a client; what a node sends, for a link. */
    CLIENT_TO_SERVER,
    /** From the server to the client: responses, acknowledgements. */
    SERVER_TO_CLIENT,
    /** Both ways at once. */
    BOTH;

    /** The one-way directions this stands for: itself, or both of them for {@link #BOTH}. */
    public List<Direction> oneWays() {
        return this == BOTH ? List.of(CLIENT_TO_SERVER, SERVER_TO_CLIENT) : List.of(this);
    }
}
