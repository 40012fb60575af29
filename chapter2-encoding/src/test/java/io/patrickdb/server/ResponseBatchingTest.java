package io.patrickdb.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.patrickdb.protocol.Frame;
import io.patrickdb.protocol.FrameDecoder;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * When the server's responses leave: the answers to the requests of one read go out together,
 * once the last of them is ready. The pipeline runs in an {@link EmbeddedChannel}, so "nothing
 * was sent yet" is a fact about the channel, not a guess about timing; the bytes on a real
 * socket are {@code ServerTest}'s business.
 */
@Tag("chapter2.part4")
class ResponseBatchingTest {
    private static final Protocol PROTOCOL = Protocol.v1();

    /** Answers gets at once and leaves each put's future for the test to complete. */
    private final List<CompletableFuture<Response>> puts = new ArrayList<>();
    private final Service service = request -> {
        if (request instanceof Request.Put) {
            CompletableFuture<Response> put = new CompletableFuture<>();
            puts.add(put);
            return put;
        }
        return CompletableFuture.completedFuture(new Response.Get(Optional.empty()));
    };
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new FrameDecoder(Frame.DEFAULT_MAX_FRAME_BYTES),
            new ResponseEncoder(PROTOCOL),
            new RequestDecoder(PROTOCOL),
            new RequestHandler(service, PROTOCOL, "test", 1024));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aReadOfGetsIsAnsweredInOneWriteAtTheEndOfTheRead() {
        channel.writeInbound(requests(1, new Request.Get("a"), new Request.Get("b"), new Request.Get("c")));

        ByteBuf sent = channel.readOutbound();
        assertThat(requestIds(sent)).containsExactly(1, 2, 3);
        sent.release();
        assertThat((Object) channel.readOutbound()).as("one write for the whole read").isNull();
    }

    @Test
    void getsReadWithAPutWaitForThePutAndLeaveWithIt() {
        channel.writeInbound(requests(1, new Request.Get("a"), new Request.Put("k", bytes("v"), Duration.ZERO), new Request.Get("b")));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).as("nothing is sent while the put is not durable").isNull();

        puts.get(0).complete(new Response.Put(7));
        channel.runPendingTasks();

        ByteBuf sent = channel.readOutbound();
        assertThat(requestIds(sent)).containsExactlyInAnyOrder(1, 2, 3);
        sent.release();
        assertThat((Object) channel.readOutbound()).as("one write for the whole read").isNull();
    }

    @Test
    void aLaterReadIsNotHeldBackByAnEarlierReadsPut() {
        channel.writeInbound(requests(1, new Request.Put("k", bytes("v"), Duration.ZERO)));
        channel.writeInbound(requests(2, new Request.Get("a")));

        ByteBuf sent = channel.readOutbound();
        assertThat(requestIds(sent)).as("the second read's get").containsExactly(2);
        sent.release();

        puts.get(0).complete(new Response.Put(7));
        channel.runPendingTasks();
        ByteBuf later = channel.readOutbound();
        assertThat(requestIds(later)).containsExactly(1);
        later.release();
    }

    /** Requests numbered from {@code firstId} in one buffer: what one read of the socket delivers. */
    private static ByteBuf requests(int firstId, Request... requests) {
        ByteBuf out = Unpooled.buffer();
        for (int i = 0; i < requests.length; i++) {
            PROTOCOL.writeRequest(out, firstId + i, 1, requests[i]);
        }
        return out;
    }

    /** The request ids of the response frames in {@code frames}, in the order they were written. */
    private static List<Integer> requestIds(ByteBuf frames) {
        List<Integer> ids = new ArrayList<>();
        for (int at = frames.readerIndex(); at < frames.writerIndex(); ) {
            long length = frames.getUnsignedInt(at + 2);
            ids.add(frames.getInt(at + Frame.PREFIX_BYTES + 3));
            at += Frame.PREFIX_BYTES + (int) length;
        }
        return ids;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
