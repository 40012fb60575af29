package io.patrickdb.faults;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One direction of one proxied connection: the bytes read from {@code source} on their way to
 * {@code target}, with the direction's faults applied to each chunk as it arrives.
 *
 * <p>Every chunk that is not dropped joins a queue with the time it is due, and leaves it only in
 * order: a chunk is due at its arrival plus its delay, or at the chunk before it if that is later,
 * so jitter delays bytes but never reorders them. With no fault set the chunk is due on arrival and
 * is written at once, without waiting for anything.
 *
 * <p>Reading from the source stops while the direction is paused, while the queue holds more than
 * {@link #QUEUE_LIMIT} bytes and while the target cannot take more: then the bytes wait in the
 * source's TCP buffers and the sender slows down, as it would behind a slow link.
 *
 * <p>Not thread-safe: everything runs on the event loop that both channels of the connection share.
 */
final class Pipe {
    /** How much a delayed direction holds in memory before it stops reading. */
    static final int QUEUE_LIMIT = 1 << 20;

    private record Chunk(ByteBuf bytes, long dueNanos) {
    }

    private final Way way;
    private final RandomGenerator jitter;
    private final Runnable onFinished;
    private final Queue<Chunk> queue = new ArrayDeque<>();
    private Channel source;
    private Channel target;
    private long queuedBytes;
    private long lastDueNanos = Long.MIN_VALUE;
    private boolean drainScheduled;
    private boolean sourceEnded;
    private boolean closeTarget;
    private boolean finishing; // the end of the source waits for the last writes to complete
    private boolean finished; // the end of the source has been passed on

    /**
     * @param onFinished called once the end of the source (end of stream or close) has been passed
     *     on to the target
     */
    Pipe(Way way, RandomGenerator jitter, Runnable onFinished) {
        this.way = way;
        this.jitter = jitter;
        this.onFinished = onFinished;
    }

    /** Connects the pipe to its two channels; until then nothing is read. */
    void attach(Channel source, Channel target) {
        this.source = source;
        this.target = target;
        drain();
    }

    /** Whether the end of the source has been passed on to the target. */
    boolean finished() {
        return finished;
    }

    /** A chunk read from the source; the pipe owns it from now on. */
    void received(ByteBuf bytes) {
        Faults faults = way.faults();
        if (faults.dropping()) {
            way.dropped(bytes.readableBytes());
            bytes.release();
            return;
        }
        long due = Math.max(System.nanoTime() + faults.delayNanos(jitter), lastDueNanos);
        lastDueNanos = due;
        queue.add(new Chunk(bytes, due));
        queuedBytes += bytes.readableBytes();
        drain();
    }

    /**
     * The source sent its last byte: at end of stream ({@code closed} false) the target's output is
     * shut down once the queue is written, so that a half-closed connection stays half-closed; if the
     * source is gone ({@code closed} true) the target is closed.
     */
    void sourceEnded(boolean closed) {
        sourceEnded = true;
        closeTarget |= closed;
        if (finishing && closed) {
            afterWritten(ChannelFutureListener.CLOSE); // the end of stream was passed on before; now the whole connection goes
        }
        drain();
    }

    /** The faults changed, or the target can take more: write what is due, read again if allowed. */
    void drain() {
        if (target == null) {
            return;
        }
        if (!target.isActive()) {
            discardQueue();
        }
        boolean paused = way.faults().paused();
        boolean wrote = false;
        while (!paused && !queue.isEmpty()) {
            Chunk head = queue.peek();
            long wait = head.dueNanos() - System.nanoTime();
            if (wait > 0) {
                scheduleDrain(wait);
                break;
            }
            queue.remove();
            queuedBytes -= head.bytes().readableBytes();
            write(head.bytes());
            wrote = true;
        }
        if (wrote) {
            target.flush();
        }
        if (!paused && queue.isEmpty() && sourceEnded) {
            finish(); // the end of the stream travels behind its last byte, and waits while paused like it
        }
        updateReading();
    }

    private void write(ByteBuf bytes) {
        int size = bytes.readableBytes();
        target.write(bytes).addListener(written -> {
            if (written.isSuccess()) {
                way.forwarded(size);
            }
        });
    }

    private void scheduleDrain(long nanos) {
        if (!drainScheduled) {
            drainScheduled = true;
            target.eventLoop().schedule(() -> {
                drainScheduled = false;
                drain();
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        afterWritten(written -> {
            if (closeTarget || !(target instanceof DuplexChannel duplex)) {
                target.close();
            } else {
                duplex.shutdownOutput();
            }
            finished = true;
            onFinished.run();
        });
    }

    /**
     * Runs {@code then} once everything written so far has reached the target's socket. Closing or
     * shutting down the output at once would throw away what is still in Netty's outbound buffer
     * (whatever the socket could not take yet), so the end of a stream waits for an empty write,
     * which completes only after every write before it.
     */
    private void afterWritten(ChannelFutureListener then) {
        target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(then);
    }

    private void updateReading() {
        if (source == null || !source.isActive()) {
            return;
        }
        boolean read = !way.faults().paused() && queuedBytes < QUEUE_LIMIT && target.isActive() && target.isWritable();
        source.config().setAutoRead(read);
    }

    /** Releases the bytes still queued: the connection is gone, nobody will receive them. */
    void discardQueue() {
        Chunk chunk;
        while ((chunk = queue.poll()) != null) {
            chunk.bytes().release();
        }
        queuedBytes = 0;
    }
}
