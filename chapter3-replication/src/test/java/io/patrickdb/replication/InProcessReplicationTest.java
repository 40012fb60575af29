package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.patrickdb.client.BlockingClient;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.index.Durability;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.protocol.Status;
import io.patrickdb.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leader and follower in one JVM: the stream, the full resync and the redirect, quickly. */
@Tag("chapter3.part2")
class InProcessReplicationTest {
    @TempDir
    Path dir;

    ReplicatedNode node(String name, Optional<String> replicaOf) {
        return ReplicatedNode.start(StoreOptions.in(dir.resolve(name)).withDurability(Durability.NEVER).withSegmentBytes(64 * 1024),
                ServerOptions.defaults().withIoThreads(1), ReplicationOptions.defaults(), replicaOf);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFollowerStartedEmptyGetsEveryKeyAndThenEveryNewWrite() {
        try (ReplicatedNode leader = node("leader", Optional.empty());
             BlockingClient client = BlockingClient.connect(ClientOptions.to("127.0.0.1", leader.port()))) {
            for (int i = 0; i < 5000; i++) {
                client.put("key" + i, utf8("value" + i));
            }
            client.delete("key7");
            try (ReplicatedNode follower = node("follower", Optional.of(leader.address()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> FollowerCatchUpTest.caughtUp(follower.status(), leader.offset()));
                assertThat(follower.store().get("key4999")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("value4999")));
                assertThat(follower.store().get("key7")).isEmpty();
                long v = client.put("later", utf8("live"));
                await().atMost(Duration.ofSeconds(10)).until(() -> follower.store().getVersioned("later").map(x -> x.version() == v).orElse(false));
                try (BlockingClient onFollower = BlockingClient.connect(ClientOptions.to("127.0.0.1", follower.port()))) {
                    assertThatThrownBy(() -> onFollower.put("nope", utf8("x")))
                            .isInstanceOf(ServerErrorException.class).hasMessageContaining(leader.address())
                            .satisfies(e -> assertThat(((ServerErrorException) e).status()).isEqualTo(Status.NOT_LEADER));
                }
            }
        }
    }

    @Test
    void aNodeWatchesItsLogForNewRecordsOnlyWhileAFollowerWaitsForThem() {
        try (ReplicatedNode leader = node("leader", Optional.empty());
             BlockingClient client = BlockingClient.connect(ClientOptions.to("127.0.0.1", leader.port()))) {
            for (int i = 0; i < 1000; i++) {
                client.put("key" + i, utf8("value" + i));
            }
            // No follower: a write must not wake a thread of the leader's (it cost 17% of a core).
            assertThat(leader.leader().watchingLog()).isFalse();
            try (ReplicatedNode follower = node("follower", Optional.of(leader.address()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> FollowerCatchUpTest.caughtUp(follower.status(), leader.offset()));
                // The follower's next fetch has nothing to read: it waits on the leader, which watches.
                await().atMost(Duration.ofSeconds(10)).until(() -> leader.leader().watchingLog());
                long v = client.put("later", utf8("live"));
                await().atMost(Duration.ofSeconds(10)).until(() -> follower.store().getVersioned("later").map(x -> x.version() == v).orElse(false));
            }
        }
    }
}
