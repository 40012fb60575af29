package io.patrickdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.index.Versioned;
import io.patrickdb.partitioning.HashSlots;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.SessionWrite.Outcome;
import io.patrickdb.replication.quorum.QuorumNode;
import io.patrickdb.server.HandlerTable;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partitioned client and the nodes' slot guard, over real sockets: keys at their owners,
 * multi-gets split and merged, stale maps corrected by {@code MOVED}, redirect loops cut short, a
 * group without a leader named in the error, and the guard's refusals as bytes on the wire.
 */
@Tag("chapter4.cluster")
class RoutingTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    @Tag("chapter4.part4")
    void everyKeyIsStoredByTheGroupThatOwnsItsSlotAndByNoOther() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3); PartitionedClient client = cluster.client(DEADLINE)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                keys.add("key-" + i);
                assertThat(client.put("key-" + i, bytes("v" + i), Duration.ZERO).join().outcome()).isEqualTo(Outcome.DONE);
            }
            for (String key : keys) {
                String owner = cluster.map().ownerOfKey(key).id();
                cluster.nodes().forEach((group, node) -> assertThat(node.localValue(key).isPresent())
                        .as("%s (slot %d, owner %s) at %s", key, HashSlots.slotOf(key), owner, group).isEqualTo(group.equals(owner)));
            }
            assertThat(cluster.nodes().keySet()).allSatisfy(group -> assertThat(keys.stream()
                    .filter(k -> cluster.map().ownerOfKey(k).id().equals(group))).hasSizeGreaterThan(60));
        }
    }

    @Test
    @Tag("chapter4.part6")
    void aMultiGetAcrossGroupsAnswersInTheOrderOfTheKeys() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3); PartitionedClient client = cluster.client(DEADLINE)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                keys.add("m" + i);
                if (i % 3 != 0) {
                    client.put("m" + i, bytes("value-" + i), Duration.ZERO).join();
                }
            }
            assertThat(keys.stream().map(k -> cluster.map().ownerOfKey(k).id()).distinct()).hasSize(3);
            List<Optional<Versioned>> values = client.multiGet(keys).join();
            assertThat(values).hasSize(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                assertThat(values.get(i).map(v -> new String(v.value(), StandardCharsets.UTF_8)))
                        .as(keys.get(i)).isEqualTo(i % 3 != 0 ? Optional.of("value-" + i) : Optional.empty());
            }
        }
    }

    @Test
    void keysWithTheSameHashTagLiveInTheSameGroup() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3); PartitionedClient client = cluster.client(DEADLINE)) {
            List<String> keys = List.of("{user:7}:cart", "{user:7}:orders", "{user:7}:profile");
            keys.forEach(k -> client.put(k, bytes(k), Duration.ZERO).join());
            String owner = cluster.map().ownerOfKey("user:7").id();
            keys.forEach(k -> assertThat(cluster.node(owner).localValue(k)).as(k).isPresent());
        }
    }

    @Test
    @Tag("chapter4.part5")
    void aClientWithAStaleMapIsRedirectedToTheNewOwnerAndLearnsTheNewerMap() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3); PartitionedClient stale = cluster.client(DEADLINE)) {
            String key = keyOwnedBy(cluster.map(), "g1");
            int slot = HashSlots.slotOf(key);
            cluster.publish(cluster.map().withSlots(slot, slot, "g2"));

            assertThat(stale.map().epoch()).isEqualTo(1);
            assertThat(stale.put(key, bytes("at g2"), Duration.ZERO).join().outcome()).isEqualTo(Outcome.DONE);
            assertThat(stale.map().epoch()).isEqualTo(2);
            assertThat(cluster.node("g2").localValue(key)).isPresent();
            assertThat(cluster.node("g1").localValue(key)).isEmpty();
        }
    }

    /**
     * The group that gave the slot away still has the key's old value (part A moves no data), but
     * it answers {@code MOVED}, on the wire, with the new owner, its nodes and the map's epoch.
     */
    @Test
    @Tag("chapter4.part4")
    void aGroupThatGaveASlotAwayAnswersMovedOnTheWireEvenThoughItStillHasTheKey() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3); PartitionedClient client = cluster.client(DEADLINE)) {
            String key = g1GaveAwayTheSlotOfAKeyItStillHolds(cluster, client);
            int slot = HashSlots.slotOf(key);

            assertThat(cluster.node("g1").localValue(key)).isPresent();
            try (PatrickClient raw = PatrickClient.connect(ClientOptions.parse(cluster.node("g1").address())
                    .withProtocol(ClusterProtocol.v1()))) {
                Response answer = raw.call(new Request.Get(key)).join();
                assertThat(answer).isInstanceOf(Response.Error.class);
                Response.Error error = (Response.Error) answer;
                assertThat(error.status()).isEqualTo(Status.MOVED);
                assertThat(error.status().code()).isEqualTo(0x4A);
                assertThat(Protocol.decode(error.tags().get(Moved.SLOT_TAG).orElseThrow(), BodyReader::uvarint)).isEqualTo(slot);
                assertThat(Protocol.decode(error.tags().get(Moved.GROUP_TAG).orElseThrow(), BodyReader::string)).isEqualTo("g2");
                assertThat(Protocol.decode(error.tags().get(Moved.EPOCH_TAG).orElseThrow(), BodyReader::i64)).isEqualTo(2L);
                assertThat(Protocol.decode(error.tags().get(Moved.NODES_TAG).orElseThrow(), BodyReader::string))
                        .isEqualTo(cluster.node("g2").address());
                Response write = raw.call(new Request.Put(key, bytes("must not land at g1"), Duration.ZERO)).join();
                assertThat(write).isInstanceOf(Response.Error.class);
                assertThat(((Response.Error) write).status()).isEqualTo(Status.MOVED);
            }
            assertThat(cluster.node("g1").localValue(key).orElseThrow().value()).isEqualTo(bytes("old copy at g1"));
        }
    }

    /** The client with the old map is sent on by the old owner and gets the new owner's answer, never the old copy. */
    @Test
    @Tag("chapter4.part5")
    void aStaleClientNeverReadsTheCopyLeftAtAGroupThatGaveTheSlotAway() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3); PartitionedClient stale = cluster.client(DEADLINE)) {
            String key = g1GaveAwayTheSlotOfAKeyItStillHolds(cluster, stale);

            assertThat(stale.get(key).join()).isEmpty();
            assertThat(stale.map().epoch()).isEqualTo(2);
            assertThat(stale.put(key, bytes("new at g2"), Duration.ZERO).join().outcome()).isEqualTo(Outcome.DONE);
            assertThat(cluster.node("g2").localValue(key).orElseThrow().value()).isEqualTo(bytes("new at g2"));
        }
    }

    /**
     * Two doubles (a bug on purpose): each says the other owns every slot, with the same epoch, so
     * a client that kept following them would go round for ever. It stops after
     * {@link PartitionedClient#MAX_REDIRECTS} redirects, and the error lists the trail.
     */
    @Test
    @Tag("chapter4.part5")
    void redirectsThatGoRoundInACircleEndInARoutingErrorAfterABoundedNumber() {
        AtomicReference<String> aAddress = new AtomicReference<>();
        AtomicReference<String> bAddress = new AtomicReference<>();
        AtomicInteger asked = new AtomicInteger();
        try (PatrickServer a = movingDouble("a", "b", bAddress, asked); PatrickServer b = movingDouble("b", "a", aAddress, asked)) {
            aAddress.set("127.0.0.1:" + a.port());
            bAddress.set("127.0.0.1:" + b.port());
            ClusterMap map = ClusterMap.evenly(List.of(new ClusterMap.Group("a", List.of(aAddress.get())),
                    new ClusterMap.Group("b", List.of(bAddress.get()))));
            try (PartitionedClient client = PartitionedClient.withMap(map, DEADLINE)) {
                assertThatThrownBy(() -> client.get("anything").join())
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(RoutingException.class)
                        .hasMessageContaining("redirected " + PartitionedClient.MAX_REDIRECTS + " times")
                        .hasMessageContaining("a (epoch 1) -> b (epoch 1) -> a (epoch 1)");
            }
            assertThat(asked.get()).isEqualTo(PartitionedClient.MAX_REDIRECTS + 1);
        }
    }

    /** A node of group {@code self} that answers every get with MOVED to group {@code other}, epoch 1. */
    private static PatrickServer movingDouble(String self, String other, AtomicReference<String> otherAddress, AtomicInteger asked) {
        HandlerTable table = HandlerTable.empty().on(Request.Get.class, get -> {
            asked.incrementAndGet();
            int slot = HashSlots.slotOf(get.key());
            return CompletableFuture.completedFuture(new Moved(slot, other, 1, List.of(otherAddress.get())).toError(get.key(), self));
        });
        return PatrickServer.start(ServerOptions.defaults().withProtocol(ClusterProtocol.v1()), table);
    }

    @Test
    void aGroupWithoutALeaderMakesItsOwnSlotsUnavailableWithAnErrorNamingThemAndTheOthersServe() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 3); PartitionedClient client = cluster.client(Duration.ofSeconds(1))) {
            String inG2 = keyOwnedBy(cluster.map(), "g2");
            String inG1 = keyOwnedBy(cluster.map(), "g1");
            String inG3 = keyOwnedBy(cluster.map(), "g3");
            cluster.stop("g2");

            assertThatThrownBy(() -> client.put(inG2, bytes("x"), Duration.ZERO).join())
                    .cause().isInstanceOf(GroupUnavailableException.class)
                    .hasMessageContaining("group g2 (slots 5461-10922) is unavailable");
            assertThat(client.put(inG1, bytes("1"), Duration.ZERO).join().outcome()).isEqualTo(Outcome.DONE);
            assertThat(client.put(inG3, bytes("3"), Duration.ZERO).join().outcome()).isEqualTo(Outcome.DONE);
            assertThatThrownBy(() -> client.multiGet(List.of(inG1, inG2, inG3)).join())
                    .cause().isInstanceOf(GroupUnavailableException.class).hasMessageContaining("group g2");
        }
    }

    @Test
    @Tag("chapter4.part4")
    void keysUnderTheClustersOwnPrefixAreRefusedAndTheMapIsUntouched() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 1); PartitionedClient client = cluster.client(DEADLINE)) {
            assertThatThrownBy(() -> client.put(SlotGuard.MAP_KEY, bytes("not a map"), Duration.ZERO).join())
                    .cause().isInstanceOf(ServerErrorException.class).hasMessageContaining("INVALID_KEY")
                    .hasMessageContaining("the cluster's own");
            assertThat(ClusterMap.decode(cluster.node("g1").localValue(SlotGuard.MAP_KEY).orElseThrow().value()))
                    .isEqualTo(cluster.map());
        }
    }

    @Test
    @Tag("chapter4.part4")
    void aNodeWithoutAClusterMapRefusesKeysAndSaysWhy() throws Exception {
        try (QuorumNode node = InProcessCluster.startNode(dir, "g1");
             PatrickClient raw = PatrickClient.connect(ClientOptions.parse("127.0.0.1:" + node.port()).withProtocol(ClusterProtocol.v1()))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(node::leads);
            Response answer = raw.call(new Request.Put("k", bytes("v"), Duration.ZERO)).join();
            assertThat(answer).isInstanceOf(Response.Error.class);
            assertThat(((Response.Error) answer).status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(((Response.Error) answer).message()).contains("has no cluster map yet");
            assertThat(node.localValue("k")).isEmpty();
        }
    }

    @Test
    void aMapNoNewerThanTheGroupsIsNotStored() {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 2)) {
            ClusterMap second = cluster.map().withSlots(0, 10, "g2");
            cluster.publish(second);
            ClusterMap rival = ClusterMap.evenly(cluster.map().groups()).withSlots(0, 10, "g1").withSlots(0, 10, "g1");
            try (PartitionedClient admin = PartitionedClient.withMap(second, DEADLINE)) {
                ClusterMap older = ClusterMap.evenly(second.groups());
                assertThatThrownBy(() -> admin.publish(older).join()).cause()
                        .hasMessageContaining("has a cluster map of epoch 2, newer than 1");
                assertThat(rival.epoch()).isEqualTo(3);
                admin.publish(rival).join();
            }
            cluster.nodes().values().forEach(n -> assertThat(ClusterMap.decode(n.localValue(SlotGuard.MAP_KEY).orElseThrow().value())
                    .epoch()).isEqualTo(3));
        }
    }

    /**
     * Writes a key of g1's through {@code client}, then gives the key's slot to g2 (epoch 2) without
     * moving the value: g1 keeps its copy. Returns the key.
     */
    private static String g1GaveAwayTheSlotOfAKeyItStillHolds(InProcessCluster cluster, PartitionedClient client) {
        String key = keyOwnedBy(cluster.map(), "g1");
        int slot = HashSlots.slotOf(key);
        client.put(key, bytes("old copy at g1"), Duration.ZERO).join();
        cluster.publish(cluster.map().withSlots(slot, slot, "g2"));
        return key;
    }

    private static String keyOwnedBy(ClusterMap map, String group) {
        for (int i = 0; ; i++) {
            if (map.ownerOfKey("probe-" + i).id().equals(group)) {
                return "probe-" + i;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
