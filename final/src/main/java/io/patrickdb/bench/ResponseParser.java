package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;

/**
 * Reads responses out of the bytes a connection has received so far.
 *
 * <p>{@link #parse} consumes every complete response from the readable bytes of {@code in} and
 * reports each to the listener, then returns with the reader index at the start of the first
 * incomplete response (or at the end). The caller appends the next read's bytes and calls again;
 * a response split across two reads is reported once, when its last byte has arrived.
 */
public interface ResponseParser {

    /** Consumes the complete responses in {@code in}; throws if the bytes break the protocol. */
    void parse(ByteBuf in, Listener listener);

    /** Told about each response, in the order they arrive. */
    interface Listener {
        /** The request {@code requestId} succeeded (for a get, whether or not the key was found). */
        void response(int requestId);

        /** The server answered request {@code requestId} with an error; {@code message} says which. */
        void error(int requestId, String message);

        /**
         * The server answered request {@code requestId}: ask another node ({@code MOVED},
         * {@code NOT_LEADER}). A client that does not follow redirects counts it as an error, with
         * the server's message, which is what it is when the generator drives one node.
         */
        default void redirected(int requestId, Redirect redirect) {
            error(requestId, redirect.message());
        }
    }
}
