package io.patrickdb.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.patrickdb.client.ServerErrorException;
import io.patrickdb.faults.FaultProxy;
import io.patrickdb.protocol.Status;
import io.patrickdb.testing.KeepChildLogs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code WAIT} and min-replicas with real followers in child JVMs: one paused with SIGSTOP, one
 * whose link to the leader runs through a fault proxy that cuts it off.
 */
@ExtendWith(KeepChildLogs.class)
@Tag("chapter3.part4")
class AcknowledgementTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void waitCountsTheFollowersThatHaveTheWriteAndNotOnePausedOrCutOff() throws Exception {
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"));
             FaultProxy link = FaultProxy.start(new InetSocketAddress("127.0.0.1", leader.port()));
             NodeProcess a = NodeProcess.start("a", dir.resolve("a"), "replica-of=" + leader.address());
             NodeProcess b = NodeProcess.start("b", dir.resolve("b"), "replica-of=127.0.0.1:" + link.port());
             ReplicatedClient client = leader.client()) {
            client.put("k", utf8("1"), Duration.ZERO).join();
            assertThat(client.waitForReplicas(2, Duration.ofSeconds(30)).join()).isEqualTo(2);

            a.pause();
            client.put("k", utf8("2"), Duration.ZERO).join();
            assertThat(client.waitForReplicas(2, Duration.ofMillis(500)).join()).as("a is stopped").isEqualTo(1);

            link.blackhole();
            client.put("k", utf8("3"), Duration.ZERO).join();
            assertThat(client.waitForReplicas(1, Duration.ofMillis(500)).join()).as("a stopped, b cut off").isZero();

            a.resume();
            assertThat(client.waitForReplicas(1, Duration.ofSeconds(30)).join()).as("a is back").isEqualTo(1);
            link.heal();
            link.resetAll(); // b's fetch went into the blackhole: make it reconnect now rather than time out
            assertThat(client.waitForReplicas(2, Duration.ofSeconds(30)).join()).as("both are back").isEqualTo(2);
        }
    }

    @Test
    void minReplicasRefusesWritesWhileTooFewFollowersAreCaughtUpAndAppliesNone() throws Exception {
        try (NodeProcess leader = NodeProcess.start("leader", dir.resolve("leader"), "min-replicas=2", "max-lag-ms=1500");
             FaultProxy link = FaultProxy.start(new InetSocketAddress("127.0.0.1", leader.port()));
             NodeProcess a = NodeProcess.start("a", dir.resolve("a"), "replica-of=" + leader.address());
             NodeProcess b = NodeProcess.start("b", dir.resolve("b"), "replica-of=127.0.0.1:" + link.port());
             ReplicatedClient client = leader.client()) {
            await().atMost(PATIENCE).until(() -> !refused(client, "ready")); // until both followers have fetched

            a.pause();
            await().atMost(PATIENCE).until(() -> refused(client, "while-a-stopped"));
            assertThatThrownBy(() -> client.put("refused", utf8("x"), Duration.ZERO).join())
                    .hasCauseInstanceOf(ServerErrorException.class).hasMessageContaining("2 followers are caught up");
            assertThat(client.get("refused").join().value()).as("a refused write is not applied").isEmpty();
            a.resume();
            await().atMost(PATIENCE).until(() -> !refused(client, "after-a-resumed"));

            link.blackhole();
            await().atMost(PATIENCE).until(() -> refused(client, "while-b-cut-off"));
            link.heal();
            link.resetAll();
            await().atMost(PATIENCE).until(() -> !refused(client, "after-b-healed"));
        }
    }

    /** Whether a write is refused with NOT_ENOUGH_REPLICAS (any other failure fails the test). */
    private static boolean refused(ReplicatedClient client, String key) {
        try {
            client.put(key, utf8("v"), Duration.ZERO).join();
            return false;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ServerErrorException s && s.status().equals(Status.NOT_ENOUGH_REPLICAS)) {
                return true;
            }
            throw e;
        }
    }
}
