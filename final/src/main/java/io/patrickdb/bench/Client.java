package io.patrickdb.bench;

/**
 * One of the generator's clients, each with its own pipeline of requests: a {@link Connection}
 * to the one server driven, or a {@link ClusterClient} with a connection to every node of a
 * cluster. The main thread starts its phases; the client runs them on its event-loop thread.
 */
interface Client {
    /** Starts storing this client's share of the keys; {@link RunState#connectionPreloaded} says when done. */
    void preload();

    /** Starts the load: the pipeline full until the run stops. */
    void load();

    /** Closes the client's connections (the run must be stopping, or the close counts as a failure). */
    void close();
}
