package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.index.Durability;
import io.patrickdb.index.LogRecord;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.protocol.Response;
import io.patrickdb.replication.protocol.Fetch;
import io.patrickdb.replication.protocol.RecordBatch;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.server.HandlerTable;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a follower does with a leader that is not one, and a leader with a follower that asks
 * for what it cannot have; and a leader that sends damaged batches: the follower's data is always
 * a prefix of the leader's log, never anything else.
 */
@Tag("chapter3.part2")
class BadInputTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    ReplicatedNode node(String name, Optional<String> replicaOf) {
        return ReplicatedNode.start(StoreOptions.in(dir.resolve(name)).withDurability(Durability.NEVER),
                ServerOptions.defaults().withIoThreads(1), ReplicationOptions.defaults(), replicaOf);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFollowerOfAFollowerSaysItIsNotALeaderAndHoldsNothing() {
        try (ReplicatedNode a = node("a", Optional.empty());
             ReplicatedNode b = node("b", Optional.of(a.address()));
             ReplicatedNode c = node("c", Optional.of(b.address()))) {
            a.store().put("k", utf8("v"));
            await().atMost(PATIENCE).until(() -> FollowerCatchUpTest.caughtUp(b.status(), a.offset()));
            await().atMost(PATIENCE).until(() -> c.status().link().contains("it is not a leader (it follows " + a.address() + ")"));
            assertThat(c.offset()).isZero();
            assertThat(c.store().get("k")).isEmpty();
        }
    }

    @Test
    void aFetchFromBeyondTheLeadersEndOrOfAnUnknownHistoryGetsAFullResync() {
        try (ReplicatedNode leader = node("leader", Optional.empty());
             PatrickClient raw = PatrickClient.connect(ClientOptions.to("127.0.0.1", leader.port()).withProtocol(ReplicationProtocol.v1()))) {
            leader.store().put("k", utf8("v"));
            String history = leader.status().replicationId();
            Response future = raw.call(new Fetch.Request("n1", 1, "127.0.0.1:1", history, 1_000_000, 1 << 16, 0)).join();
            assertThat(future).isInstanceOf(Fetch.FullResync.class);
            Response unknown = raw.call(new Fetch.Request("n2", 1, "127.0.0.1:2", ReplicationState.newId(), 1, 1 << 16, 0)).join();
            assertThat(unknown).isInstanceOf(Fetch.FullResync.class);
            Response fine = raw.call(new Fetch.Request("n3", 1, "127.0.0.1:3", history, 0, 1 << 16, 0)).join();
            assertThat(fine).isInstanceOfSatisfying(Fetch.Records.class,
                    r -> assertThat(RecordBatch.decode(r.records(), 1 << 20).records()).extracting(LogRecord::key).containsExactly("k"));
        }
    }

    @Test
    void batchesCutMidRecordAreAppliedUpToTheirLastWholeRecordAndTheRestIsFetchedAgain() {
        List<LogRecord> truth = leaderLog(200);
        // Each answer holds ten records and is cut in the middle of the tenth.
        try (FakeLeader leader = FakeLeader.serving(truth, bytes -> Arrays.copyOf(bytes, bytes.length - 7));
             ReplicatedNode follower = node("follower", Optional.of(leader.address()))) {
            long last = truth.get(truth.size() - 1).sequence();
            await().atMost(PATIENCE).until(() -> FollowerCatchUpTest.caughtUp(follower.status(), last) || leader.fetches() > 400);
            assertThat(follower.offset()).isEqualTo(truth.get(truth.size() - 2).sequence()); // the last record is always cut
            assertStoreIsAPrefix(follower, truth);
        }
    }

    @Test
    void aLeaderWhoseEveryBatchIsDamagedGetsNothingApplied() {
        List<LogRecord> truth = leaderLog(50);
        try (FakeLeader leader = FakeLeader.serving(truth, bytes -> {
                byte[] damaged = bytes.clone();
                damaged[10] ^= 0x5a; // a flipped byte in the first record's sequence number, which its checksum covers
                return damaged;
            });
             ReplicatedNode follower = node("follower", Optional.of(leader.address()))) {
            await().atMost(PATIENCE).until(() -> leader.fetches() >= 5);
            assertThat(follower.offset()).isZero();
            assertThat(follower.store().stats().keys()).isZero();
        }
    }

    private static List<LogRecord> leaderLog(int n) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            records.add(i % 10 == 0 ? LogRecord.tombstone(i * 2L, "key" + (i - 3)) : LogRecord.put(i * 2L, 0, "key" + i, utf8("value" + i)));
        }
        return records;
    }

    /** Every record in the follower's store is the truth's, and they are the truth's first records. */
    private static void assertStoreIsAPrefix(ReplicatedNode follower, List<LogRecord> truth) {
        List<LogRecord> applied = new ArrayList<>();
        var cursor = follower.store().readLog(0);
        for (List<LogRecord> batch; !(batch = cursor.next(1 << 20)).isEmpty(); ) {
            applied.addAll(batch);
        }
        RecordBatchPropertyTest.assertPrefix(truth, applied);
    }

    /** A leader that is not a Patrick-DB node: it answers fetches from a list of records, spoiling each batch. */
    private static final class FakeLeader implements AutoCloseable {
        final PatrickServer server;
        final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();

        private FakeLeader(List<LogRecord> log, UnaryOperator<byte[]> spoil) {
            String history = ReplicationState.newId();
            HandlerTable table = HandlerTable.empty().on(Fetch.Request.class, fetch -> {
                fetches.incrementAndGet();
                if (!fetch.replicationId().equals(history)) {
                    // A real leader would start a full resync; this one pretends the follower has its history.
                    return CompletableFuture.completedFuture(new Fetch.FullResync(history, 1, 0));
                }
                List<LogRecord> next = log.stream().filter(r -> r.sequence() > fetch.offset()).limit(10).toList();
                long last = log.get(log.size() - 1).sequence();
                return CompletableFuture.completedFuture(new Fetch.Records(history, last, next.isEmpty() ? new byte[0] : spoil.apply(RecordBatch.encode(next))));
            }).on(io.patrickdb.replication.protocol.FetchSnapshot.Request.class, s ->
                    CompletableFuture.completedFuture(new io.patrickdb.replication.protocol.FetchSnapshot.Response(new byte[0], true, 0, 0)));
            this.server = PatrickServer.start(ServerOptions.defaults().withPort(0).withIoThreads(1).withProtocol(ReplicationProtocol.v1()), table);
        }

        static FakeLeader serving(List<LogRecord> log, UnaryOperator<byte[]> spoil) {
            return new FakeLeader(log, spoil);
        }

        String address() {
            return "127.0.0.1:" + server.port();
        }

        int fetches() {
            return fetches.get();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
