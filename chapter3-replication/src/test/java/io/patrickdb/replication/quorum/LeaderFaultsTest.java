package io.patrickdb.replication.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.index.Versioned;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.testing.KeepChildLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader in trouble, in child JVMs behind fault proxies: cut off from the majority, stopped with
 * SIGSTOP as a long GC pause would, or out of disk. In each case the old leader must acknowledge
 * nothing it cannot back with a majority, and the rest of the group must go on without it.
 */
@Tag("chapter3.raft-faults")
@ExtendWith(KeepChildLogs.class)
class LeaderFaultsTest {
    @TempDir
    Path dir;

    /**
     * In a group of 3 the leader is cut off alone; in a group of 5 with one follower, so that the
     * minority side is two nodes that could still talk to each other.
     */
    @ParameterizedTest(name = "group of {0}")
    @ValueSource(ints = {3, 5})
    void aLeaderCutOffFromTheMajorityAcknowledgesNothingStepsDownAndLosesItsUncommittedEntries(int size) throws Exception {
        try (QuorumGroup group = QuorumGroup.start(dir, size);
             QuorumClient client = group.client(Duration.ofSeconds(10))) {
            String old = group.awaitLeader();
            client.put("before", bytes("cut"), Duration.ZERO).join();
            long commitBefore = group.status(old).orElseThrow().commit();
            List<String> minority = new ArrayList<>(List.of(old));
            group.ids().stream().filter(id -> !id.equals(old)).limit((size - 1) / 2 - 1).forEach(minority::add);
            List<String> majority = group.ids().stream().filter(id -> !minority.contains(id)).toList();
            group.partition(minority);
            List<CompletableFuture<Response>> sentToOld = new ArrayList<>();
            try (PatrickClient direct = PatrickClient.connect(ClientOptions.parse(group.clientAddress(old)))) {
                for (int i = 0; i < 20; i++) {
                    sentToOld.add(direct.call(new Request.Put("cut-" + i, bytes("lost"), Duration.ZERO)));
                }
                sentToOld.add(direct.call(new Request.Get("before")));
                String next = group.awaitLeaderAmong(majority);
                await().atMost(Duration.ofSeconds(5)).until(() -> !group.status(old).orElseThrow().role().equals("leader"));
                long oldLastIndex = group.status(old).orElseThrow().lastIndex();
                assertThat(oldLastIndex).as("the old leader appended the writes it could not commit").isGreaterThan(commitBefore);
                for (CompletableFuture<Response> answer : sentToOld) {
                    Response r = answer.get(10, TimeUnit.SECONDS);
                    assertThat(r).as("an answer from a leader cut off from the majority").isInstanceOf(Response.Error.class);
                }
                client.put("during", bytes("majority"), Duration.ZERO).join();
                group.heal();
                long commit = group.status(next).orElseThrow().commit();
                for (String id : group.ids()) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> group.status(id).map(s -> s.applied() >= commit).orElse(false));
                }
            }
            for (String id : group.ids()) {
                for (int i = 0; i < 20; i++) {
                    assertThat(client.localGet(group.clientAddress(id), "cut-" + i).join().value())
                            .as("uncommitted write cut-%d on %s", i, id).isEmpty();
                }
                assertThat(client.localGet(group.clientAddress(id), "during").join().value()).as("on %s", id).isPresent();
            }
        }
    }

    @Test
    void aPausedLeaderThatResumesAfterANewElectionAcknowledgesNothingAndServesNoStaleRead() throws Exception {
        try (QuorumGroup group = QuorumGroup.start(dir, 3);
             QuorumClient client = group.client(Duration.ofSeconds(10))) {
            String old = group.awaitLeader();
            client.put("key", bytes("old"), Duration.ZERO).join();
            group.pause(old);
            group.awaitLeaderOtherThan(old);
            client.put("key", bytes("new"), Duration.ZERO).join();
            try (PatrickClient direct = PatrickClient.create(patient(group.clientAddress(old)))) {
                // Sent while it is stopped: the requests wait in its socket and meet it as it wakes.
                CompletableFuture<Response> write = direct.call(new Request.Put("from-old", bytes("x"), Duration.ZERO));
                CompletableFuture<Response> read = direct.call(new Request.Get("key"));
                group.resume(old);
                Response readAnswer = read.get(30, TimeUnit.SECONDS);
                if (readAnswer instanceof Response.Get get) { // forwarded to the new leader once the old one learned of it
                    assertThat(get.value()).map(v -> text(v)).as("a read after the new write").hasValue("new");
                } else {
                    assertThat(readAnswer).isInstanceOf(Response.Error.class);
                }
                Response writeAnswer = write.get(30, TimeUnit.SECONDS);
                Optional<Versioned> fromOld = client.get("from-old").join();
                if (writeAnswer instanceof Response.Put) {
                    assertThat(fromOld).as("a write acknowledged (through the new leader) is there").isPresent();
                } else {
                    assertThat(writeAnswer).isInstanceOf(Response.Error.class);
                }
            }
            assertThat(client.get("key").join()).map(LeaderFaultsTest::text).hasValue("new");
        }
    }

    @Test
    void aLeaderWhoseDiskFillsStopsAndTheOthersGoOnWithEveryAcknowledgedWrite() throws Exception {
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", Files.createDirectories(dir.resolve("probe")).toString()) == 0,
                "mounting a tmpfs needs root");
        run("umount", "-l", dir.resolve("probe").toString());
        // The node with the small disk must lead. n1 starts first and times out soonest (10 ticks),
        // n3 waits long (100), n2 has the default (30); but every node refuses votes for one
        // election timeout after it starts (the read lease's guard), and n2 may time out before n1
        // gets its vote: the first election is a race n1 usually wins. So a group whose first
        // leader is not n1 is stopped and a fresh one started, at most five times. What is tested
        // below never runs under another leader.
        for (int attempt = 1; attempt <= 5; attempt++) {
            Path base = dir.resolve("attempt-" + attempt);
            Path small = Files.createDirectories(base.resolve("n1"));
            assertThat(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString())).isZero();
            try {
                Map<String, List<String>> extra = new java.util.LinkedHashMap<>();
                extra.put("n1", List.of("election-ticks=10"));
                extra.put("n3", List.of("election-ticks=100"));
                try (QuorumGroup group = QuorumGroup.start(base, 3, extra);
                     QuorumClient client = group.client(Duration.ofSeconds(20))) {
                    if (!group.awaitLeader().equals("n1")) {
                        continue; // not the premise: start afresh (see above)
                    }
                    fillTheLeadersDisk(group, client);
                    return;
                }
            } finally {
                run("umount", "-l", small.toString());
            }
        }
        throw new AssertionError("n1 was not the first leader in five fresh groups: the elections are not the race described");
    }

    /** Writes until n1, the leader, runs out of disk; checks that it stops and the others keep every acknowledged write. */
    private static void fillTheLeadersDisk(QuorumGroup group, QuorumClient client) {
        List<String> acknowledged = new ArrayList<>();
        byte[] value = new byte[1000];
        for (int i = 0; i < 10_000 && group.status("n1").map(s -> !s.role().equals("stopped")).orElse(false); i++) {
            SessionWrite.Response r = client.put("key" + i, value, Duration.ZERO).join();
            assertThat(r.outcome()).isEqualTo(SessionWrite.Outcome.DONE);
            acknowledged.add("key" + i);
        }
        RaftStatus.Response full = group.status("n1").orElseThrow();
        assertThat(full.role()).as("the node out of disk").isEqualTo("stopped");
        assertThat(group.log("n1")).contains("No space left on device");
        String next = group.awaitLeaderOtherThan("n1");
        assertThat(next).isNotEqualTo("n1");
        client.put("after", bytes("the disk filled"), Duration.ZERO).join();
        for (String key : acknowledged) {
            assertThat(client.get(key).join()).as(key).isPresent();
        }
        assertThat(acknowledged).hasSizeGreaterThan(100);
    }

    /** Options for a client of a stopped node: its handshake waits until the node runs again. */
    private static ClientOptions patient(String address) {
        ClientOptions o = ClientOptions.parse(address);
        return new ClientOptions(o.host(), o.port(), 1, Duration.ofSeconds(20), Duration.ofSeconds(20), o.protocol(), o.maxFrameBytes());
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static String text(Versioned v) {
        return new String(v.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
