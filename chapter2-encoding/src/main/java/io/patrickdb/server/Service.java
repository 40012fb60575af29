package io.patrickdb.server;

import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import java.util.concurrent.CompletableFuture;

/**
 * What the server does with a request, apart from the bytes: the seam between the network and
 * the database. {@link StoreService} answers from a store; later chapters wrap it (replication
 * forwards writes to followers, partitioning redirects keys it does not own), and the evolution
 * test wraps it to add an operation. Implementations must not block: return a future.
 */
@FunctionalInterface
public interface Service {

    /** The response to {@code request}. Errors are either an {@link Response.Error} or a failed future. */
    CompletableFuture<Response> handle(Request request);
}
