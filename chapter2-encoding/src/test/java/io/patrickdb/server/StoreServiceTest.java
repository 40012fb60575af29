package io.patrickdb.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@link StoreService} runs a write: in place when the log takes it in memory, on the writer otherwise. */
@Tag("chapter2.part4")
class StoreServiceTest {
    private static final int BIG = 600 * 1024; // two never fit in the log's 1 MiB append buffer together

    @TempDir
    Path dir;
    private LogStructuredStore store;
    private StoreService service;

    @BeforeEach
    void open() {
        store = LogStructuredStore.open(StoreOptions.in(dir));
        service = StoreService.over(store);
    }

    @AfterEach
    void close() {
        service.close();
        store.close();
    }

    @Test
    void aPutTheLogTakesInMemoryIsAnsweredBeforeHandleReturns() {
        CompletableFuture<Response> put = service.handle(new Request.Put("k", new byte[] {1}, Duration.ZERO));

        assertThat(put).as("answered in place, not by the writer thread").isCompleted();
        assertThat(put.join()).isInstanceOf(Response.Put.class);
        assertThat(store.get("k")).isPresent();
    }

    @Test
    void afterQueuedWritesCompletesOnlyOnceTheWritesHandedInBeforeAreInTheStore() {
        service.handle(new Request.Put("a", new byte[BIG], Duration.ZERO)).join();
        CompletableFuture<Response> queued = service.handle(new Request.Put("b", new byte[BIG], Duration.ZERO));
        CompletableFuture<Void> barrier = service.afterQueuedWrites();

        barrier.join();
        assertThat(store.get("b")).as("the write queued before the barrier").isPresent();
        assertThat(queued.join()).isInstanceOf(Response.Put.class);
    }

    @Test
    void aPutThatNeedsTheDiskIsAnsweredByTheWriter() {
        long first = ((Response.Put) service.handle(new Request.Put("a", new byte[BIG], Duration.ZERO)).join()).version();

        CompletableFuture<Response> second = service.handle(new Request.Put("b", new byte[BIG], Duration.ZERO));

        assertThat(((Response.Put) second.join()).version()).isGreaterThan(first);
        assertThat(store.get("b")).isPresent();
        assertThat(((Response.Delete) service.handle(new Request.Delete("a")).join()).deleted()).isTrue();
    }
}
