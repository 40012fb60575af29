package io.patrickdb.server;

import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import java.util.concurrent.CompletableFuture;

/**
 * What the server does for one operation: the response to a request of type {@code R}. A
 * {@link HandlerTable} holds one per operation. Like a {@link Service}, a handler must not block:
 * it returns a future, and an error is either a {@link Response.Error} or a failed future (with
 * {@link io.patrickdb.protocol.RequestRejectedException} to choose the status).
 */
@FunctionalInterface
public interface Handler<R extends Request> {

    CompletableFuture<Response> handle(R request);
}
