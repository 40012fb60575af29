package io.patrickdb.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulation over many seeds (2,000 by default; {@code -Draft.seeds=N} for
 * a longer run) or over one ({@code -Draft.seed=N}, to replay a failure with its trace). A failing
 * seed is reported with the command that replays it.
 */
@Tag("chapter3.raft")
@Tag("chapter3.part6")
@Tag("chapter3.part7")
@Tag("chapter3.part9")
@Tag("chapter3.part10")
@Tag("chapter3.part11")
class RaftSimulationTest {
    private static final long FIRST_SEED = Long.getLong("raft.firstSeed", 1);

    @Test
    void everySeedKeepsRaftsSafetyPropertiesAndCommitsOnceItsFaultsHeal() {
        Long one = Long.getLong("raft.seed");
        long count = one != null ? 1 : Long.getLong("raft.seeds", 2_000);
        long from = one != null ? one : FIRST_SEED;
        List<String> failures = new ArrayList<>();
        long steps = 0;
        long reads = 0;
        long confirmed = 0;
        long leased = 0;
        long changes = 0;
        long started = System.nanoTime();
        for (long seed = from; seed < from + count; seed++) {
            RaftSimulation sim = new RaftSimulation(seed);
            try {
                steps += sim.run();
                reads += sim.reads()[0];
                confirmed += sim.reads()[1];
                leased += sim.reads()[2];
                changes += sim.membershipChanges();
            } catch (RaftSimulation.Violation | IllegalStateException | IllegalArgumentException e) {
                failures.add(e.getMessage() + "\n  plan: " + sim.plan() + "\n  replay: mvn -pl chapter3-replication -am test"
                        + " -Dtest=RaftSimulationTest -Dsurefire.failIfNoSpecifiedTests=false -Draft.seed=" + seed
                        + (one != null ? "\n  last events:\n" + sim.traceTail() : ""));
                if (failures.size() >= 5) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("raft simulation: %d seeds from %d, %,d steps, %,d reads asked (%,d of a leader with a lease) and %,d"
                + " confirmed, %,d membership changes, in %.1f s: %.0f seeds/s%n", count, from, steps, reads, leased, confirmed,
                changes, seconds, count / seconds);
        assertThat(failures).as("failing seeds").isEmpty();
    }

    /**
     * The control for the lease: the longest lease the node allows, with clocks that may run at
     * half speed, far beyond its margin. A leader whose slow clock says its lease still holds while
     * a new leader commits must be caught serving a stale read in some of these seeds: the check
     * above can fail.
     */
    @Test
    void aLeaseLongerThanItsMarginAllowsIsCaughtServingAStaleRead() {
        int caught = 0;
        for (long seed = 1; seed <= 300 && caught == 0; seed++) {
            RaftSimulation sim = new RaftSimulation(seed, plan -> plan.withClocks(RaftSimulation.ELECTION_TICKS - 2, 0.6));
            try {
                sim.run();
            } catch (RaftSimulation.Violation e) {
                assertThat(e.getMessage()).as("seed %d", seed).contains("linearizable reads:");
                caught++;
            }
        }
        assertThat(caught).as("seeds in which a too-long lease served a stale read").isPositive();
    }
}
