package io.patrickdb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.bench.core.RequestMix;
import io.patrickdb.cluster.ClusterMap;
import io.patrickdb.partitioning.HashSlots;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster} end to end, against tiny clusters in the test that speak the real protocols:
 * the generator learns the slots from the seed, routes each key to its slot's node, and follows
 * the redirects of a map that has gone stale or of a node that does not lead.
 */
@Tag("final.bench")
class ClusterLoadTest {
    private static final int KEYS = 500;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A one-second run against the cluster of the seed at {@code seed}; returns its CSV line's fields. */
    private String[] run(String protocol, String seed) {
        int code = LoadGenerator.run(List.of("--protocol", protocol, "--cluster", "--server", seed, "--connections", "3",
                        "--pipeline", "4", "--keys", String.valueOf(KEYS), "--value-size", "16", "--get-ratio", "0.5",
                        "--warmup", "0", "--duration", "1", "--csv"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        String csv = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("csv,")).findFirst().orElseThrow();
        return csv.split(",");
    }

    /** The slots of the run's keys. */
    private static IntStream slotsOfKeys() {
        Workload workload = new Workload(new RequestMix(KEYS, 0.5, 16), new byte[][] {new byte[16]}, new SplittableRandom(1));
        return Arrays.stream(ClusterClient.slotsOfKeys(workload, KEYS));
    }

    /** How many of the run's keys have a slot in {@code first..last}. */
    private static long keysInSlots(int first, int last) {
        return slotsOfKeys().filter(s -> s >= first && s <= last).count();
    }

    /** How many slots in {@code first..last} the run's keys have. */
    private static long slotsUsed(int first, int last) {
        return slotsOfKeys().filter(s -> s >= first && s <= last).distinct().count();
    }

    @Test
    void aRedisClusterRunFollowsMovedFromAStaleSlotMapAndStoresEveryKeyOnItsSlotsNode() {
        try (TinyRedisClusterNode low = new TinyRedisClusterNode(0, 8191); TinyRedisClusterNode high = new TinyRedisClusterNode(8192, 16383)) {
            // The seed's CLUSTER SLOTS is stale: it says it serves every slot (its host empty: the seed's own).
            low.slotsReply("*1\r\n" + TinyRedisClusterNode.slotRange(0, 16383, "", low.port()));
            low.movedTo(":" + high.port());   // Redis's way of naming a node on the host asked
            high.movedTo("127.0.0.1:" + low.port());

            String[] csv = run("redis", "127.0.0.1:" + low.port());

            assertThat(low.values()).hasSize((int) keysInSlots(0, 8191));
            assertThat(high.values()).hasSize((int) keysInSlots(8192, 16383));
            assertThat(low.values().keySet()).allMatch(k -> HashSlots.slotOf(k) <= 8191);
            assertThat(Long.parseLong(csv[13])).as("errors").isZero();
            assertThat(Long.parseLong(csv[14])).as("one at least for each slot of the high half that the run's keys use")
                    .isGreaterThanOrEqualTo(slotsUsed(8192, 16383));
            assertThat(csv[16]).as("answers of the nodes serving slots at the start").matches("127\\.0\\.0\\.1:" + low.port() + "=\\d+");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("127.0.0.1:" + high.port() + " ");
        }
    }

    @Test
    void aRedisClusterRunWithAnUpToDateMapIsNeverRedirected() {
        try (TinyRedisClusterNode low = new TinyRedisClusterNode(0, 8191); TinyRedisClusterNode high = new TinyRedisClusterNode(8192, 16383)) {
            String slots = "*2\r\n" + TinyRedisClusterNode.slotRange(0, 8191, "127.0.0.1", low.port())
                    + TinyRedisClusterNode.slotRange(8192, 16383, "127.0.0.1", high.port());
            high.slotsReply(slots);
            low.movedTo("127.0.0.1:" + high.port());
            high.movedTo("127.0.0.1:" + low.port());

            String[] csv = run("redis", "127.0.0.1:" + high.port());

            assertThat(Long.parseLong(csv[14])).as("redirects").isZero();
            assertThat(low.values().size() + high.values().size()).isEqualTo(KEYS);
            String[] answers = csv[16].split(";");
            assertThat(answers).hasSize(2);
            assertThat(answers[0]).as("slot order: the low half's node first").startsWith("127.0.0.1:" + low.port() + "=");
            assertThat(answers).allMatch(a -> Long.parseLong(a.substring(a.indexOf('=') + 1)) > 0);
        }
    }

    @Test
    void aPatrickDbRunSendsEachGroupsRequestsToTheNodeThatSaysItLeads() {
        try (TinyPartitionedNode follower = new TinyPartitionedNode("g1"); TinyPartitionedNode leader = new TinyPartitionedNode("g1");
             TinyPartitionedNode other = new TinyPartitionedNode("g2")) {
            ClusterMap map = ClusterMap.evenly(List.of(new ClusterMap.Group("g1", List.of(follower.address(), leader.address())),
                    new ClusterMap.Group("g2", List.of(other.address()))));
            for (TinyPartitionedNode node : List.of(follower, leader, other)) {
                node.owns(map);
                node.advertises(map);
                node.answersRaftStatus();
            }
            follower.follows(leader.address());

            String[] csv = run("patrickdb", other.address());

            assertThat(Long.parseLong(csv[14])).as("redirects").isZero();
            assertThat(follower.values()).isEmpty();
            assertThat(leader.values()).hasSize((int) keysInSlots(0, 8191));
            assertThat(other.values()).hasSize((int) keysInSlots(8192, 16383));
            assertThat(csv[16]).doesNotContain(follower.address());
        }
    }

    @Test
    void aPatrickDbRunFollowsNotLeaderToTheLeaderAndMovedToTheGroupThatOwnsTheSlotNow() {
        try (TinyPartitionedNode follower = new TinyPartitionedNode("g1"); TinyPartitionedNode leader = new TinyPartitionedNode("g1");
             TinyPartitionedNode other = new TinyPartitionedNode("g2")) {
            ClusterMap.Group g1 = new ClusterMap.Group("g1", List.of(follower.address(), leader.address()));
            ClusterMap.Group g2 = new ClusterMap.Group("g2", List.of(other.address()));
            ClusterMap stale = ClusterMap.evenly(List.of(g1, g2)).withSlots(8192, 16383, "g1");   // g1 had every slot
            ClusterMap now = stale.withSlots(8192, 16383, "g2");   // and gave half to g2; the seed has not heard
            for (TinyPartitionedNode node : List.of(follower, leader, other)) {
                node.owns(now);
                node.advertises(stale);   // and no node answers RAFT_STATUS: the generator starts at g1's first node
            }
            follower.follows(leader.address());

            String[] csv = run("patrickdb", follower.address());

            assertThat(Long.parseLong(csv[13])).as("errors").isZero();
            assertThat(follower.values()).isEmpty();
            assertThat(leader.values()).hasSize((int) keysInSlots(0, 8191));
            assertThat(other.values()).hasSize((int) keysInSlots(8192, 16383));
            assertThat(Long.parseLong(csv[14])).as("at least one NOT_LEADER per client, and a MOVED per slot of g2's that the keys use")
                    .isGreaterThanOrEqualTo(3 + slotsUsed(8192, 16383));
        }
    }

    @Test
    void aPatrickDbRunSendsAgainWhatANodeThatKnewNoLeaderRefusedAndLosesNothing() {
        try (TinyPartitionedNode node = new TinyPartitionedNode("g1")) {
            ClusterMap map = ClusterMap.evenly(List.of(new ClusterMap.Group("g1", List.of(node.address()))));
            node.owns(map);
            node.advertises(map);
            node.electsDuring(40);

            String[] csv = run("patrickdb", node.address());

            assertThat(Long.parseLong(csv[13])).as("errors").isZero();
            assertThat(node.values()).hasSize(KEYS);
            assertThat(Long.parseLong(csv[14])).as("redirects").isZero();
            assertThat(Long.parseLong(csv[15])).as("requests sent again").isEqualTo(40);
        }
    }
}
