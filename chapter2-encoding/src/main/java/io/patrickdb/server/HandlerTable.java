package io.patrickdb.server;

import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Service} that is a table: one {@link Handler} per request type, and a service for the
 * requests it has no handler for. This is how operations are added without editing anyone's
 * dispatch code: chapter 2's {@link StoreService} registers get, put and the rest; chapter 3
 * wraps it in a table of its own that adds the replication operations (and answers writes on a
 * follower itself), and passes everything else on.
 *
 * <pre>{@code
 * Service replicated = HandlerTable.over(storeService)
 *         .on(Wait.Request.class, wait -> waitForFollowers(wait))
 *         .on(Request.Put.class, put -> role.isLeader() ? storeService.handle(put) : notLeader());
 * }</pre>
 *
 * <p>Immutable: {@link #on} returns a new table, so a table can be shared between threads without
 * locks. The lookup is one hash-map read per request, by the request's class, in an
 * {@link IdentityHashMap}: a class is equal only to itself, and the identity map compares with
 * {@code ==} where {@code Map.copyOf}'s table calls {@code equals} on every slot it probes (4% of an
 * event loop's time in chapter 4's benchmark, with three tables in a row).
 */
public final class HandlerTable implements Service {
    private final Map<Class<? extends Request>, Handler<? extends Request>> handlers;
    private final Service otherwise;

    private HandlerTable(Map<Class<? extends Request>, Handler<? extends Request>> handlers, Service otherwise) {
        this.handlers = handlers;
        this.otherwise = otherwise;
    }

    /** A table without handlers that passes every request on to {@code otherwise}. */
    public static HandlerTable over(Service otherwise) {
        return new HandlerTable(Map.of(), otherwise);
    }

    /** A table without handlers that answers every request with UNSUPPORTED_OPERATION. */
    public static HandlerTable empty() {
        return over(request -> CompletableFuture.completedFuture(new Response.Error(Status.UNSUPPORTED_OPERATION,
                "the server decodes " + request.getClass().getSimpleName() + " but has no handler for it")));
    }

    /** This table with {@code handler} answering requests of exactly {@code type}, replacing any earlier one. */
    public <R extends Request> HandlerTable on(Class<R> type, Handler<R> handler) {
        Map<Class<? extends Request>, Handler<? extends Request>> copy = new IdentityHashMap<>(handlers); // never changed after this
        copy.put(type, handler);
        return new HandlerTable(copy, otherwise);
    }

    /** Whether this table has a handler of its own for {@code type}. */
    public boolean handles(Class<? extends Request> type) {
        return handlers.containsKey(type);
    }

    @Override
    public CompletableFuture<Response> handle(Request request) {
        @SuppressWarnings("unchecked") // on() stored it under the class of the requests it takes
        Handler<Request> handler = (Handler<Request>) handlers.get(request.getClass());
        return handler == null ? otherwise.handle(request) : handler.handle(request);
    }
}
