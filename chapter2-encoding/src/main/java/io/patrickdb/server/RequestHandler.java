package io.patrickdb.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.patrickdb.index.InvalidKeyException;
import io.patrickdb.index.StoreException;
import io.patrickdb.index.ValueTooLargeException;
import io.patrickdb.protocol.Envelope;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.RequestRejectedException;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request through the {@link Service} and writes the response when its future
 * completes, which may be after later requests on the same connection have been answered:
 * the client matches responses by request id. The handshake is answered here, because it is
 * about the protocol, not the data.
 *
 * <p>When responses leave: the requests that arrived in one read of the socket form a
 * {@link Batch}, and their responses leave together, in one write, once the last of them is
 * ready. Reads are answered in place, so a batch of gets leaves at the end of the read; a batch
 * with a write in it waits for the writer thread (microseconds with {@code --fsync everysec}).
 * Sending the gets early instead would split the client's pipeline: two small writes per batch
 * on the server, two reads and two smaller batches of new requests on the client, and so on,
 * each costing system calls on both sides. Redis answers a read's commands together too.
 *
 * <p>Back pressure: a client that pipelines faster than the store answers would otherwise grow
 * the server's queues without bound. Past {@code maxInFlight} outstanding requests the handler
 * stops reading the socket, and TCP's own flow control slows the client down.
 */
final class RequestHandler extends SimpleChannelInboundHandler<Envelope> {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final Service service;
    private final Protocol protocol;
    private final String serverName;
    private final int maxInFlight;
    private int inFlight;            // these three are only touched on this channel's event loop
    private Batch batch;             // the read in progress, null between reads
    private boolean flushScheduled;

    /**
     * The requests of one read whose responses are not written yet. Only the event loop touches
     * it. A read answered entirely in place leaves its batch empty, and the next read reuses it.
     */
    private static final class Batch {
        int waiting;      // responses still to come
        boolean readDone; // no more requests will join
    }

    RequestHandler(Service service, Protocol protocol, String serverName, int maxInFlight) {
        super(Envelope.class);
        this.service = service;
        this.protocol = protocol;
        this.serverName = serverName;
        this.maxInFlight = maxInFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        Request request = (Request) envelope.message();
        if (request instanceof Request.Handshake) {
            ctx.write(new Envelope(envelope.header(), new Response.Handshake(protocol.supported(), Optional.of(serverName))), ctx.voidPromise());
            return;
        }
        started(ctx);
        CompletableFuture<Response> response;
        try {
            response = service.handle(request);
        } catch (RuntimeException e) { // a service should fail its future, but one that throws must not kill the connection
            response = CompletableFuture.failedFuture(e);
        }
        Batch waitingFor = currentBatch();
        waitingFor.waiting++; // the response will join the others of this read; reply(...) counts it out
        // BEGIN SOLUTION chapter2.part4
        response.whenComplete((answer, failure) -> {
            Response reply = failure == null ? answer : toError(failure);
            if (ctx.executor().inEventLoop()) {
                reply(ctx, envelope, reply, waitingFor);
            } else {
                ctx.executor().execute(() -> reply(ctx, envelope, reply, waitingFor)); // writes from the event loop keep the counters single-threaded
            }
        });
        // STUB: throw new UnsupportedOperationException("chapter2.part4: when the response is ready, reply(...) with it on the event loop");
        // END SOLUTION
    }

    /**
     * Writes a response into the outbound buffer. If it was the last one its read was waiting
     * for, the buffer is flushed: at once if the read is over, or by {@link #channelReadComplete}.
     * A flush from outside a read runs as a task, so that answers the writer thread completed
     * together share it.
     */
    private void reply(ChannelHandlerContext ctx, Envelope request, Response response, Batch from) {
        ctx.write(new Envelope(request.header(), response), ctx.voidPromise());
        finished(ctx);
        if (--from.waiting == 0 && from.readDone && !flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(() -> {
                flushScheduled = false;
                ctx.flush();
            });
        }
    }

    private Batch currentBatch() {
        if (batch == null) {
            batch = new Batch(); // a request from outside a read (never seen from Netty's read loop, but safe)
        }
        return batch;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        currentBatch();
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Batch done = batch;
        if (done == null || done.waiting == 0) {
            ctx.flush();  // everything answered in place (or nothing read): send it all now
            if (done != null) {
                done.readDone = false; // empty: the next read may reuse it
            }
        } else {
            done.readDone = true; // its last reply flushes
            batch = null;
        }
        ctx.fireChannelReadComplete();
    }

    private void started(ChannelHandlerContext ctx) {
        if (++inFlight >= maxInFlight) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void finished(ChannelHandlerContext ctx) {
        if (inFlight-- == maxInFlight) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** The error a client sees for an exception from the store, with the store's own message. */
    static Response.Error toError(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof RequestRejectedException rejected) {
            return rejected.error(); // the thrower chose the status: a later chapter's errors need no case here
        } else if (e instanceof InvalidKeyException) {
            return new Response.Error(Status.INVALID_KEY, e.getMessage());
        } else if (e instanceof ValueTooLargeException) {
            return new Response.Error(Status.VALUE_TOO_LARGE, e.getMessage());
        } else if (e instanceof RejectedExecutionException) {
            return new Response.Error(Status.UNAVAILABLE, "the server is shutting down");
        } else if (e instanceof StoreException) {
            return new Response.Error(Status.SERVER_ERROR, e.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            return new Response.Error(Status.MALFORMED, e.getMessage());
        }
        log.error("request failed unexpectedly", e);
        return new Response.Error(Status.SERVER_ERROR, "internal error: " + e);
    }
}
