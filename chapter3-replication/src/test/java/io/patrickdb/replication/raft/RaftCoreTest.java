package io.patrickdb.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.patrickdb.replication.raft.RaftCore.Role;
import io.patrickdb.replication.raft.RaftMessage.AppendRequest;
import io.patrickdb.replication.raft.RaftMessage.AppendResponse;
import io.patrickdb.replication.raft.RaftMessage.VoteRequest;
import io.patrickdb.replication.raft.RaftMessage.VoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One core at a time, driven message by message: each rule of the algorithm in a scenario small
 * enough to follow by hand. The simulation checks the same rules at random; these show them.
 */
@Tag("chapter3.raft")
class RaftCoreTest {
    private static final Set<String> THREE = Set.of("n1", "n2", "n3");

    static RaftCore core(String id, RaftCore.Restored restored) {
        return new RaftCore(RaftCore.Config.of(id, THREE), restored, new Random(7));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Ticks until the core starts a pre-vote, then answers it and the vote with n2's grants. */
    static void elect(RaftCore c) {
        while (c.role() != Role.PRE_CANDIDATE) {
            c.tick();
        }
        c.ready();
        c.step(new VoteResponse(c.term() + 1, "n2", c.id(), true, true));
        assertThat(c.role()).isEqualTo(Role.CANDIDATE);
        c.step(new VoteResponse(c.term(), "n2", c.id(), true, false));
        assertThat(c.role()).isEqualTo(Role.LEADER);
    }

    @Test
    @Tag("chapter3.part6")
    void aCandidateWithAMajorityLeadsAndFirstAppendsAnEmptyEntryOfItsTerm() {
        RaftCore c = core("n1", RaftCore.Restored.empty(THREE));
        while (c.role() != Role.PRE_CANDIDATE) {
            c.tick();
        }
        Ready preVote = c.ready();
        assertThat(preVote.messages()).hasSize(2).allSatisfy(m -> assertThat(((VoteRequest) m).preVote()).isTrue());
        assertThat(c.term()).as("a pre-vote changes no term").isZero();
        c.step(new VoteResponse(1, "n3", "n1", true, true));
        Ready vote = c.ready();
        assertThat(vote.hardState()).as("its own vote is on disk before it asks for others'")
                .isEqualTo(new HardState(1, "n1", 0));
        c.step(new VoteResponse(1, "n3", "n1", true, false));
        assertThat(c.role()).isEqualTo(Role.LEADER);
        Ready led = c.ready();
        assertThat(led.entries()).containsExactly(Entry.noop(1, 1));
        assertThat(led.messages()).hasSize(2).allSatisfy(m -> assertThat(m).isInstanceOf(AppendRequest.class));
    }

    @Test
    @Tag("chapter3.part7")
    void aLeaderCommitsAnEntryOfAnEarlierTermOnlyThroughOneOfItsOwn() {
        // n1 holds entry 2 of term 2, never committed; it leads term 3 and appends its no-op at 3.
        RaftCore c = core("n1", new RaftCore.Restored(new HardState(2, "n1", 1), new SnapshotMeta(0, 0, THREE), new byte[0],
                List.of(Entry.noop(1, 1), Entry.command(2, 2, bytes("x")))));
        elect(c);
        assertThat(c.term()).isEqualTo(3);
        // n2 now has entry 2: a majority holds it, but it is of term 2 (Raft paper, figure 8).
        c.step(new AppendResponse(3, "n2", "n1", true, 2, 0, 0, 0));
        assertThat(c.commitIndex()).isEqualTo(1);
        c.step(new AppendResponse(3, "n2", "n1", true, 3, 0, 0, 0));
        assertThat(c.commitIndex()).as("with entry 3 of term 3, everything before it commits").isEqualTo(3);
    }

    @Test
    @Tag("chapter3.part7")
    void aFollowerReplacesEntriesThatConflictWithTheLeadersAndKeepsThoseThatAgree() {
        RaftCore c = core("n2", new RaftCore.Restored(new HardState(2, null, 1), new SnapshotMeta(0, 0, THREE), new byte[0],
                List.of(Entry.noop(1, 1), Entry.command(2, 2, bytes("old")), Entry.command(3, 2, bytes("old too")))));
        c.step(new AppendRequest(3, "n1", "n2", 1, 1, List.of(Entry.command(2, 3, bytes("new"))), 2, 0));
        Ready r = c.ready();
        assertThat(r.entries()).as("from the first conflict on, the leader's entries").containsExactly(Entry.command(2, 3, bytes("new")));
        assertThat(c.lastIndex()).isEqualTo(2);
        // A restarted core hands out everything committed since its snapshot again: the state
        // machine was rebuilt from the snapshot, so entry 1 is applied again, then the new entry 2.
        assertThat(r.committed()).containsExactly(Entry.noop(1, 1), Entry.command(2, 3, bytes("new")));
        assertThat(r.messages()).containsExactly(new AppendResponse(3, "n2", "n1", true, 2, 0, 0, 0));
    }

    @Test
    @Tag("chapter3.part7")
    void aFollowerThatDisagreesNamesTheConflictingTermSoThatTheLeaderSkipsItWhole() {
        RaftCore c = core("n2", new RaftCore.Restored(new HardState(2, null, 0), new SnapshotMeta(0, 0, THREE), new byte[0],
                List.of(Entry.noop(1, 1), Entry.command(2, 2, bytes("a")), Entry.command(3, 2, bytes("b")), Entry.command(4, 2, bytes("c")))));
        c.step(new AppendRequest(3, "n1", "n2", 4, 3, List.of(), 0, 0));
        assertThat(c.ready().messages()).containsExactly(new AppendResponse(3, "n2", "n1", false, 0, 2, 2, 0));
    }

    @Test
    @Tag("chapter3.part6")
    void aNodeThatHearsFromItsLeaderIgnoresAVoteRequestOfAHigherTerm() {
        RaftCore c = core("n2", RaftCore.Restored.empty(THREE));
        c.step(new AppendRequest(1, "n1", "n2", 0, 0, List.of(Entry.noop(1, 1)), 0, 0));
        c.ready();
        c.step(new VoteRequest(5, "n3", "n2", 9, 4, false)); // n3 was cut off and comes back with a high term
        assertThat(c.term()).as("the group's term is not disrupted").isEqualTo(1);
        assertThat(c.ready().messages()).isEmpty();
        assertThat(c.leader()).isEqualTo("n1");
    }

    @Test
    @Tag("chapter3.part6")
    void aLeaderThatHearsFromNoMajorityForAnElectionTimeoutStepsDown() {
        RaftCore c = core("n1", RaftCore.Restored.empty(THREE));
        elect(c);
        for (int i = 0; i < 2 * 10; i++) {
            c.tick(); // nobody answers
        }
        assertThat(c.role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.propose(bytes("late"))).as("it takes no more writes").isEqualTo(-1);
    }

    @Test
    @Tag("chapter3.part6")
    void aLeaderThatHearsFromAMajorityStaysLeader() {
        RaftCore c = core("n1", RaftCore.Restored.empty(THREE));
        elect(c);
        for (int i = 0; i < 5 * 10; i++) {
            c.tick();
            c.step(new AppendResponse(c.term(), "n3", "n1", true, c.lastIndex(), 0, 0, 0));
        }
        assertThat(c.role()).isEqualTo(Role.LEADER);
    }

    @Test
    @Tag("chapter3.part10")
    void aLeaderConfirmsAReadOnlyAfterAMajorityAnswersAHeartbeatSentAfterIt() {
        RaftCore c = core("n1", RaftCore.Restored.empty(THREE));
        elect(c);
        c.step(new AppendResponse(c.term(), "n2", "n1", true, 1, 0, 0, 0)); // the no-op commits
        assertThat(c.commitIndex()).isEqualTo(1);
        c.ready();
        assertThat(c.requestRead(42)).isTrue();
        Ready asked = c.ready();
        assertThat(asked.reads()).as("not before a round of heartbeats").isEmpty();
        long round = asked.messages().stream().mapToLong(m -> ((AppendRequest) m).context()).max().orElseThrow();
        c.step(new AppendResponse(c.term(), "n3", "n1", true, 1, 0, 0, round - 1)); // an answer to an older round
        assertThat(c.ready().reads()).isEmpty();
        c.step(new AppendResponse(c.term(), "n3", "n1", true, 1, 0, 0, round));
        assertThat(c.ready().reads()).containsExactly(new ReadState(42, 1));
    }

    @Test
    @Tag("chapter3.part10")
    void aReadAskedOfALeaderThatStepsDownIsDropped() {
        RaftCore c = core("n1", RaftCore.Restored.empty(THREE));
        elect(c);
        c.requestRead(7); // its no-op has not committed: the read waits for it
        c.step(new AppendRequest(c.term() + 1, "n2", "n1", 1, c.term(), List.of(), 1, 0)); // n2 leads a newer term
        assertThat(c.ready().droppedReads()).containsExactly(7L);
        assertThat(c.requestRead(8)).as("a follower serves no linearizable read").isFalse();
    }

    /** The round of heartbeats among {@code messages} (the highest context they carry). */
    private static long roundOf(Ready ready) {
        return ready.messages().stream().filter(m -> m instanceof AppendRequest).mapToLong(m -> ((AppendRequest) m).context())
                .max().orElseThrow();
    }

    @Test
    @Tag("chapter3.part10")
    void aLeaderWithALeaseServesReadsWithoutARoundUntilTheLeaseRunsOutCountedFromWhenItsRoundWasSent() {
        RaftCore c = new RaftCore(RaftCore.Config.of("n1", THREE).withLeaseTicks(8), RaftCore.Restored.empty(THREE), new Random(7));
        elect(c);
        c.tick();
        long round = roundOf(c.ready()); // a heartbeat round sent at this tick
        for (int i = 0; i < 5; i++) {
            c.tick(); // its answer takes five ticks to come back
        }
        c.ready();
        c.step(new AppendResponse(c.term(), "n2", "n1", true, 1, 0, 0, round)); // the no-op commits too
        c.ready();
        assertThat(c.leaseTicksLeft()).as("eight ticks from the round, five gone").isEqualTo(3);
        assertThat(c.requestRead(42)).isTrue();
        Ready leased = c.ready();
        assertThat(leased.reads()).as("within the lease: at once").containsExactly(new ReadState(42, 1));
        assertThat(leased.messages()).as("no round of its own").isEmpty();
        for (int i = 0; i < 3; i++) {
            c.tick(); // eight ticks since the round was sent, five of them spent waiting for its answer
        }
        c.ready();
        assertThat(c.leaseTicksLeft()).isZero();
        assertThat(c.requestRead(43)).isTrue();
        Ready asked = c.ready();
        assertThat(asked.reads()).as("the lease ran out: a round first").isEmpty();
        c.step(new AppendResponse(c.term(), "n3", "n1", true, 1, 0, 0, roundOf(asked)));
        assertThat(c.ready().reads()).containsExactly(new ReadState(43, 1));
    }

    @Test
    @Tag("chapter3.part10")
    void aLeaderWithoutALeaseConfiguredAlwaysConfirmsAReadWithARound() {
        RaftCore c = core("n1", RaftCore.Restored.empty(THREE));
        elect(c);
        c.tick();
        c.step(new AppendResponse(c.term(), "n2", "n1", true, 1, 0, 0, roundOf(c.ready())));
        c.ready();
        assertThat(c.holdsLease()).isFalse();
        assertThat(c.leaseTicksLeft()).isZero();
        c.requestRead(42);
        assertThat(c.ready().reads()).isEmpty();
    }

    @Test
    @Tag("chapter3.part6")
    void aNodeThatJustStartedRefusesEveryVoteForAnElectionTimeout() {
        // Before it crashed, it may have answered a leader that holds a lease on its silence.
        RaftCore c = core("n2", RaftCore.Restored.empty(THREE));
        c.step(new VoteRequest(1, "n3", "n2", 0, 0, false));
        assertThat(c.ready().messages()).isEmpty();
        assertThat(c.term()).isZero();
        for (int i = 0; i < 10; i++) {
            c.tick();
        }
        c.ready();
        c.step(new VoteRequest(1, "n3", "n2", 0, 0, false));
        assertThat(c.ready().messages()).contains(new VoteResponse(1, "n2", "n3", true, false));
    }

    /** A leader of THREE whose no-op n2 has acknowledged, so that it may change the membership. */
    static RaftCore settledLeader() {
        RaftCore c = core("n1", RaftCore.Restored.empty(THREE));
        elect(c);
        c.step(new AppendResponse(c.term(), "n2", "n1", true, 1, 0, 0, 0));
        c.ready();
        return c;
    }

    @Test
    @Tag("chapter3.part11")
    void aLearnerReceivesTheLogButItsAcknowledgementCommitsNothing() {
        RaftCore c = settledLeader();
        long index = c.proposeMembership(Membership.Change.ADD_LEARNER, "n4");
        assertThat(index).isEqualTo(2);
        assertThat(c.learners()).as("in effect as soon as it is in the log").containsExactly("n4");
        assertThat(c.ready().messages()).anySatisfy(m -> assertThat(m.to()).isEqualTo("n4"));
        assertThat(c.proposeMembership(Membership.Change.PROMOTE, "n4")).as("one change at a time").isEqualTo(-1);
        c.step(new AppendResponse(c.term(), "n4", "n1", true, 2, 0, 0, 0));
        assertThat(c.commitIndex()).as("a learner is not part of the majority").isEqualTo(1);
        c.step(new AppendResponse(c.term(), "n3", "n1", true, 2, 0, 0, 0));
        assertThat(c.commitIndex()).isEqualTo(2);
        assertThat(c.proposeMembership(Membership.Change.PROMOTE, "n4")).isEqualTo(3);
        assertThat(c.voters()).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
    }

    @Test
    @Tag("chapter3.part11")
    void aLeaderThatRemovesItselfLeadsUntilTheRemovalCommitsThenStepsDown() {
        RaftCore c = settledLeader();
        long index = c.proposeMembership(Membership.Change.REMOVE, "n1");
        assertThat(c.role()).isEqualTo(Role.LEADER);
        c.step(new AppendResponse(c.term(), "n2", "n1", true, index, 0, 0, 0));
        assertThat(c.commitIndex()).as("the new majority is of n2 and n3: n2 is not enough").isEqualTo(1);
        c.step(new AppendResponse(c.term(), "n3", "n1", true, index, 0, 0, 0));
        assertThat(c.commitIndex()).isEqualTo(index);
        assertThat(c.role()).isEqualTo(Role.FOLLOWER);
        for (int i = 0; i < 100; i++) {
            c.tick();
        }
        assertThat(c.role()).as("no longer a voter: it never campaigns").isEqualTo(Role.FOLLOWER);
    }

    @Test
    @Tag("chapter3.part6")
    void aNodeVotesForACandidateItsOwnMembershipDoesNotNameYet() {
        // n4 was added and promoted, but nothing of it has reached n4 yet: its membership is empty.
        RaftCore n4 = new RaftCore(RaftCore.Config.of("n4", Set.of()), RaftCore.Restored.empty(Set.of()), new Random(7));
        for (int i = 0; i < 10; i++) {
            n4.tick(); // up for an election timeout: see aNodeThatJustStartedRefusesEveryVoteForAnElectionTimeout
        }
        n4.step(new VoteRequest(4, "n1", "n4", 20, 3, false));
        assertThat(n4.ready().messages()).containsExactly(new VoteResponse(4, "n4", "n1", true, false));
        for (int i = 0; i < 100; i++) {
            n4.tick();
        }
        assertThat(n4.role()).as("and, not knowing itself a voter, never campaigns").isEqualTo(Role.FOLLOWER);
    }
}
