package io.patrickdb.replication.raft;

import io.patrickdb.replication.raft.RaftCore.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A group of {@link RaftCore}s on a simulated network and clock, all of it decided by one seed:
 * messages dropped, duplicated, delayed and so reordered; partitions that come and go; nodes that
 * crash (losing whatever they had not persisted, even the outputs of the step they were in) and
 * restart from what they had. After every step it checks Raft's safety properties; after the
 * faults heal, that the group elects a leader and commits what is proposed to it. The same seed
 * gives the same run, event for event, so a failure is a command line away from a replay.
 *
 * <p>The properties (Raft paper, figure 3):
 * <ul>
 *   <li><b>election safety</b>: at most one leader per term, and (what it rests on) no node
 *       grants two votes in one term, crashes and restarts included;</li>
 *   <li><b>log matching</b>: two logs with an entry of the same index and term hold the same
 *       entry there and agree before it; checked as "every (index, term) ever persisted has one
 *       content and one predecessor term", which implies it by induction;</li>
 *   <li><b>leader completeness</b>: a new leader's log holds every entry committed in an earlier term;</li>
 *   <li><b>state machine safety</b>: no two nodes apply different entries at one index, and each
 *       node applies indexes in order, none skipped;</li>
 *   <li><b>exactly once</b>: clients that send a command again when no answer comes (to whoever
 *       leads then) see it applied once, through {@link ClientSessions};</li>
 *   <li><b>linearizable reads</b>: a read the leader confirms waits for an index no lower than the
 *       highest commit index any node had when the read began (a deposed leader, still unaware,
 *       must not confirm one), whether confirmed by a heartbeat round or by a lease.</li>
 * </ul>
 */
final class RaftSimulation {
    /**
     * What a seed decides about a run: group size, fault rates, how long the faults last, and the
     * clocks: half the runs read with a lease ({@code leaseTicks} above 0, as the node chooses it
     * for this election timeout), and each node's clock runs slow by up to {@code maxSlowness}
     * (a tick is skipped that often), within the lease's margin.
     */
    record Plan(int nodes, int faultTicks, double drop, double duplicate, int maxDelay, double crashPerTick,
                double crashInStep, double partitionPerTick, double proposePerTick, int compactEvery, int leaseTicks,
                double maxSlowness) {
        /** Two ticks of rounding and an eighth for drift: {@code RaftNode.Timing.leaseFor}'s rule. */
        static final int LEASE_TICKS = ELECTION_TICKS - 2 - (ELECTION_TICKS + 7) / 8;

        static Plan from(Random r) {
            return new Plan(r.nextBoolean() ? 3 : 5, 200 + r.nextInt(400), r.nextDouble() * 0.2, r.nextDouble() * 0.1,
                    r.nextInt(4), r.nextDouble() * 0.02, r.nextDouble() * 0.01, r.nextDouble() * 0.02,
                    0.2 + r.nextDouble() * 0.5, 5 + r.nextInt(60), r.nextBoolean() ? LEASE_TICKS : 0, r.nextDouble() * 0.1);
        }

        /** This plan with other clocks: a lease of {@code leaseTicks}, clocks up to {@code maxSlowness} slow. */
        Plan withClocks(int leaseTicks, double maxSlowness) {
            return new Plan(nodes, faultTicks, drop, duplicate, maxDelay, crashPerTick, crashInStep, partitionPerTick,
                    proposePerTick, compactEvery, leaseTicks, maxSlowness);
        }
    }

    /** A safety or liveness property that failed, with the run's last events. */
    static final class Violation extends RuntimeException {
        Violation(String message) {
            super(message);
        }
    }

    private record InFlight(long at, long seq, RaftMessage message) {
    }

    /** What a node keeps across a crash: exactly what its Readies asked it to persist. */
    private static final class Disk {
        HardState hardState = HardState.INITIAL;
        SnapshotMeta snapshot;
        byte[] snapshotData = new byte[0];
        final List<Entry> entries = new ArrayList<>();
    }

    private final class Node {
        final String id;
        final Disk disk = new Disk();
        RaftCore core; // null while down
        TreeMap<String, String> state = new TreeMap<>();
        ClientSessions sessions = new ClientSessions(16);
        long lastApplied;
        long downUntil;
        long leaderOfTerm; // the term this node last was leader of, to check completeness once per term
        long leaderCommitSeen; // how far its commit index was recorded in committedIn

        final double slowness; // how often its clock skips a tick

        Node(String id) {
            this.id = id;
            this.slowness = random.nextDouble() * plan.maxSlowness();
            disk.snapshot = new SnapshotMeta(0, 0, initial.contains(id) ? initial : Set.of());
        }

        void start() {
            RaftCore.Config config = new RaftCore.Config(id, initial.contains(id) ? initial : Set.of(), ELECTION_TICKS, 1, 64,
                    plan.leaseTicks());
            core = new RaftCore(config, new RaftCore.Restored(disk.hardState, disk.snapshot, disk.snapshotData, List.copyOf(disk.entries)),
                    new Random(random.nextLong()));
            restore(this, disk.snapshotData);
            lastApplied = disk.snapshot.index();
            trace("%s starts: %s", id, core);
        }

        void crash() {
            trace("%s crashes: %s", id, core);
            core = null;
            state = null;
            leaderCommitSeen = 0;
        }

        /** Persist, then send, then apply: the order {@link Ready} asks for. */
        void handleReady() {
            Ready ready = core.ready();
            if (ready.snapshot() != null) {
                SnapshotMeta meta = ready.snapshot();
                boolean keep = disk.entries.stream().anyMatch(e -> e.index() == meta.index() && e.term() == meta.term());
                disk.entries.removeIf(e -> !keep || e.index() <= meta.index());
                disk.snapshot = meta;
                disk.snapshotData = ready.snapshotData();
            }
            if (!ready.entries().isEmpty()) {
                long first = ready.entries().get(0).index();
                disk.entries.removeIf(e -> e.index() >= first);
                disk.entries.addAll(ready.entries());
                for (Entry e : ready.entries()) {
                    checkLogMatching(this, e);
                }
            }
            if (ready.hardState() != null) {
                disk.hardState = ready.hardState();
            }
            for (RaftMessage m : ready.messages()) {
                if (m instanceof RaftMessage.VoteResponse v && v.granted() && !v.preVote()
                        && !(disk.hardState.term() == v.term() && v.to().equals(disk.hardState.votedFor()))) {
                    throw violation(id + " grants its vote in term " + v.term() + " to " + v.to() + " before it is on disk: "
                            + disk.hardState);
                }
                send(m);
            }
            if (ready.snapshot() != null) {
                restore(this, ready.snapshotData());
                lastApplied = ready.snapshot().index();
            }
            for (Entry e : ready.committed()) {
                apply(this, e);
            }
            if (core.role() == Role.LEADER) {
                // The term in which each index was first known committed: completeness is owed only
                // to leaders of later terms (a leader of an old term, elected late, owes nothing).
                for (long i = Math.max(leaderCommitSeen, core.snapshotIndex()) + 1; i <= core.commitIndex(); i++) {
                    committedIn.merge(i, core.term(), Math::min);
                }
                leaderCommitSeen = core.commitIndex();
            }
            committedWatermark = Math.max(committedWatermark, core.commitIndex());
            for (ReadState read : ready.reads()) {
                long before = readsStarted.remove(read.id());
                if (read.index() < before) {
                    throw violation("linearizable reads: " + id + " confirmed read " + read.id() + " at index " + read.index()
                            + ", but index " + before + " was committed before the read began");
                }
                readsConfirmed++;
            }
            checkLeader(this);
            if (lastApplied - core.snapshotIndex() >= plan.compactEvery()) {
                byte[] data = encode(state, sessions);
                SnapshotMeta meta = core.compact(lastApplied, data); // (nothing crashes between the two here)
                disk.snapshot = meta;
                disk.snapshotData = data;
                disk.entries.removeIf(e -> e.index() <= meta.index());
            }
        }
    }

    static final int ELECTION_TICKS = 10;
    private static final int TRACE = 60;

    private final long seed;
    private final Random random;
    private final Plan plan;
    private final List<String> ids = new ArrayList<>();
    private final Set<String> initial; // the group at the start; the other two nodes wait to be added
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final PriorityQueue<InFlight> network = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Deque<String> trace = new ArrayDeque<>();
    private final Map<String, Integer> side = new HashMap<>(); // the partition: a node's side, none when whole
    private long partitionEnds;
    private long now;
    private long seq;
    private boolean faults = true;
    private long proposals;

    // What the safety checks remember.
    private final Map<Long, String> leaders = new HashMap<>();               // term -> its leader
    private final Map<Long, Entry> applied = new HashMap<>();                // index -> the entry applied there
    private final Map<Long, Long> committedIn = new HashMap<>();             // index -> the first term a leader had it committed
    private final Map<String, Entry> byIndexAndTerm = new HashMap<>();       // "index@term" -> its entry
    private final Map<String, Long> predecessorTerm = new HashMap<>();       // "index@term" -> term at index - 1
    private final Map<String, String> votes = new HashMap<>();               // "voter in term T" -> whom it voted for
    private final Map<Long, Long> readsStarted = new HashMap<>();            // read id -> highest commit index when it began
    private long committedWatermark;                                          // the highest commit index any node has had
    private long reads;
    private long membershipChanges;
    private long readsConfirmed;
    private long leaseReads;
    private int steps;

    RaftSimulation(long seed) {
        this(seed, null);
    }

    /** A run whose clocks {@code clocks} changes (null: as the seed decides), for the lease's control. */
    RaftSimulation(long seed, java.util.function.UnaryOperator<Plan> clocks) {
        this.seed = seed;
        this.random = new Random(seed);
        Plan drawn = Plan.from(random);
        this.plan = clocks == null ? drawn : clocks.apply(drawn);
        for (int i = 1; i <= plan.nodes() + 2; i++) {
            ids.add("n" + i);
        }
        initial = Set.copyOf(ids.subList(0, plan.nodes()));
        for (String id : ids) {
            nodes.put(id, new Node(id));
        }
    }

    Plan plan() {
        return plan;
    }

    /** Runs the faults, heals them, and checks that the group then commits; returns the steps taken. */
    int run() {
        nodes.values().forEach(Node::start);
        for (; now < plan.faultTicks(); now++) {
            injectFaults();
            tickAll();
            deliverDue();
            maybePropose();
            driveClients(true);
        }
        heal();
        // A leader can still lose its place right after the heal (check-quorum, a node that timed
        // out meanwhile): then what was proposed to it is not committed, which is allowed. So try
        // again with the next leader, a few times; a healed group that never commits is the bug.
        Node leader = null;
        for (int attempt = 0; ; attempt++) {
            if (attempt == 5) {
                throw violation("liveness: after healing, five leaders in turn lost their place before committing");
            }
            leader = awaitLeader();
            long term = leader.core.term();
            long last = 0;
            for (int i = 0; i < 5; i++) {
                last = leader.core.propose(command("final", i));
                trace("proposed final %d to %s at %d", i, leader.id, last);
                leader.handleReady();
            }
            long target = last;
            Node l = leader;
            runUntil(() -> members(l).stream().allMatch(n -> n.lastApplied >= target) || l.core.term() != term
                    || l.core.role() != Role.LEADER, 400, "after healing, every node applies what the leader " + leader.id
                    + " took up to index " + target);
            if (leader.core.role() == Role.LEADER && leader.core.term() == term) {
                break;
            }
            trace("%s lost its leadership after the heal: %s", leader.id, leader.core);
        }
        clientsStopped = true; // let the group settle: every member at the leader's commit index
        Node settled = leader;
        runUntil(() -> members(settled).stream().allMatch(n -> n.lastApplied == settled.core.commitIndex()), 400,
                "after healing, every member applies up to the leader's commit index");
        checkExactlyOnce(members(leader));
        Map<String, String> expected = leader.state;
        for (Node n : members(leader)) {
            if (n.lastApplied == leader.lastApplied && !n.state.equals(expected)) {
                throw violation("state machine safety: " + n.id + " and " + leader.id + " applied up to " + n.lastApplied
                        + " and hold different data: " + n.state + " against " + expected);
            }
        }
        return steps;
    }

    /** How many reads were asked for, how many confirmed, and how many of those asked a leader with a lease. */
    long[] reads() {
        return new long[] {reads, readsConfirmed, leaseReads};
    }

    long membershipChanges() {
        return membershipChanges;
    }

    /** The nodes in {@code leader}'s membership, voters and learners, itself included. */
    private List<Node> members(Node leader) {
        return nodes.values().stream().filter(n -> n == leader || leader.core.voters().contains(n.id) || leader.core.learners().contains(n.id)).toList();
    }

    String traceTail() {
        return String.join("\n", trace);
    }

    // ---- the world ------------------------------------------------------------------------

    private void tickAll() {
        for (Node n : nodes.values()) {
            if (n.core == null) {
                if (now >= n.downUntil) {
                    n.start();
                }
                continue;
            }
            if (n.slowness > 0 && random.nextDouble() < n.slowness) {
                continue; // its clock runs slow: this tick passes unseen
            }
            n.core.tick();
            n.handleReady();
            steps++;
        }
    }

    private void deliverDue() {
        int delivered = 0;
        while (!network.isEmpty() && network.peek().at <= now) {
            RaftMessage m = network.poll().message;
            Node to = nodes.get(m.to());
            if (to.core == null || cut(m.from(), m.to())) {
                continue;
            }
            to.core.step(m);
            steps++;
            if (faults && random.nextDouble() < plan.crashInStep()) {
                crash(to, "in the middle of a step, before persisting its outputs");
                continue;
            }
            to.handleReady();
            if (++delivered > 100_000) {
                throw violation("more than 100,000 messages in one tick: a message storm");
            }
        }
    }

    private void send(RaftMessage m) {
        if (m instanceof RaftMessage.VoteResponse v && v.granted() && !v.preVote()) {
            String before = votes.putIfAbsent(v.from() + " in term " + v.term(), v.to());
            if (before != null && !before.equals(v.to())) {
                throw violation("one vote per term: " + v.from() + " voted for " + before + " and for " + v.to() + " in term " + v.term());
            }
        }
        if (faults && random.nextDouble() < plan.drop()) {
            return;
        }
        network.add(new InFlight(now + random.nextInt(plan.maxDelay() + 1), seq++, m));
        if (faults && random.nextDouble() < plan.duplicate()) {
            network.add(new InFlight(now + random.nextInt(plan.maxDelay() + 1) + 1, seq++, m));
        }
    }

    private boolean cut(String a, String b) {
        return !side.isEmpty() && !Objects.equals(side.get(a), side.get(b));
    }

    private void injectFaults() {
        if (!side.isEmpty() && now >= partitionEnds) {
            side.clear();
            trace("partition healed");
        } else if (side.isEmpty() && random.nextDouble() < plan.partitionPerTick()) {
            for (String id : ids) {
                side.put(id, random.nextInt(2));
            }
            partitionEnds = now + 10 + random.nextInt(100);
            trace("partition %s until %d", side, partitionEnds);
        }
        if (random.nextDouble() < plan.crashPerTick()) {
            Node n = nodes.get(ids.get(random.nextInt(ids.size())));
            if (n.core != null) {
                crash(n, "");
            }
        }
    }

    private void crash(Node n, String how) {
        trace("crash %s %s", n.id, how);
        n.crash();
        n.downUntil = now + 5 + random.nextInt(60);
    }

    private void maybePropose() {
        if (random.nextDouble() >= plan.proposePerTick()) {
            return;
        }
        List<Node> leaders = nodes.values().stream().filter(n -> n.core != null && n.core.role() == Role.LEADER).toList();
        if (leaders.isEmpty()) {
            return;
        }
        Node leader = leaders.get(random.nextInt(leaders.size()));
        if (random.nextInt(20) == 0) {
            changeMembership(leader);
        } else if (random.nextInt(3) == 0) {
            long id = reads++;
            readsStarted.put(id, committedWatermark);
            if (leader.core.holdsLease()) {
                leaseReads++;
            }
            leader.core.requestRead(id);
            trace("read %d asked of %s, committed so far: %d", id, leader.id, committedWatermark);
        } else {
            long index = leader.core.propose(command("k" + random.nextInt(8), proposals++));
            trace("proposed to %s: index %d", leader.id, index);
        }
        leader.handleReady();
    }

    /** One server added as a learner, promoted, or removed (the leader too), as the seed decides. */
    private void changeMembership(Node leader) {
        RaftCore c = leader.core;
        List<String> outside = ids.stream().filter(id -> !c.voters().contains(id) && !c.learners().contains(id)).toList();
        List<String> learners = List.copyOf(new java.util.TreeSet<>(c.learners()));
        List<String> voters = List.copyOf(new java.util.TreeSet<>(c.voters()));
        int what = random.nextInt(3);
        long index;
        String node;
        if (what == 0 && !outside.isEmpty()) {
            node = outside.get(random.nextInt(outside.size()));
            index = c.proposeMembership(Membership.Change.ADD_LEARNER, node);
        } else if (what == 1 && !learners.isEmpty()) {
            node = learners.get(random.nextInt(learners.size()));
            index = c.proposeMembership(Membership.Change.PROMOTE, node);
        } else if (voters.size() > 3) {
            node = voters.get(random.nextInt(voters.size()));
            index = c.proposeMembership(Membership.Change.REMOVE, node);
        } else {
            return;
        }
        trace("%s proposes a membership change of %s (%s): index %d", leader.id, node, what, index);
        membershipChanges += index > 0 ? 1 : 0;
    }

    private void heal() {
        faults = false;
        side.clear();
        trace("--- faults healed at %d", now);
        for (Node n : nodes.values()) {
            if (n.core == null) {
                n.start();
            }
        }
    }

    private Node awaitLeader() {
        Node[] found = new Node[1];
        runUntil(() -> {
            for (Node n : nodes.values()) {
                // A leader the whole group follows, which has committed an entry of its term: not
                // a leader of a minority that has yet to find out it was deposed.
                if (n.core.role() == Role.LEADER && n.core.termAt(n.core.commitIndex()) == n.core.term()
                        && members(n).stream().allMatch(o -> o.core.term() == n.core.term() && n.id.equals(o.core.leader()))) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        }, 300, "after healing, a leader is elected");
        return found[0];
    }

    private void runUntil(java.util.function.BooleanSupplier done, int maxTicks, String what) {
        for (int i = 0; i < maxTicks; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            tickAll();
            deliverDue();
            driveClients(false);
            now++;
        }
        if (!done.getAsBoolean()) {
            throw violation("liveness: " + what + " within " + maxTicks + " ticks; nodes: "
                    + nodes.values().stream().map(n -> String.valueOf(n.core)).toList());
        }
    }

    // ---- the checks -------------------------------------------------------------------------

    private void checkLeader(Node n) {
        if (n.core.role() != Role.LEADER) {
            return;
        }
        long term = n.core.term();
        String before = leaders.putIfAbsent(term, n.id);
        if (before != null && !before.equals(n.id)) {
            throw violation("election safety: " + before + " and " + n.id + " both lead term " + term);
        }
        if (n.leaderOfTerm != term) {
            n.leaderOfTerm = term;
            trace("%s leads term %d: %s", n.id, term, n.core);
            for (Map.Entry<Long, Entry> e : applied.entrySet()) {
                long index = e.getKey();
                Long committedTerm = committedIn.get(index);
                if (committedTerm != null && committedTerm < term && index > n.core.snapshotIndex()
                        && !e.getValue().equals(n.core.entry(index))) {
                    throw violation("leader completeness: " + n.id + " leads term " + term + " without the committed entry "
                            + e.getValue() + "; it has " + n.core.entry(index));
                }
            }
        }
    }

    private void checkLogMatching(Node n, Entry e) {
        String key = e.index() + "@" + e.term();
        Entry before = byIndexAndTerm.putIfAbsent(key, e);
        if (before != null && !before.equals(e)) {
            throw violation("log matching: two entries at " + key + ": " + before + " and, on " + n.id + ", " + e);
        }
        long prev = n.core.termAt(e.index() - 1);
        if (prev >= 0) {
            Long seen = predecessorTerm.putIfAbsent(key, prev);
            if (seen != null && seen != prev) {
                throw violation("log matching: entry " + key + " follows term " + seen + " in one log and term " + prev + " on " + n.id);
            }
        }
    }

    private void apply(Node n, Entry e) {
        if (e.index() != n.lastApplied + 1) {
            throw violation("state machine safety: " + n.id + " applies " + e.index() + " after " + n.lastApplied);
        }
        Entry before = applied.putIfAbsent(e.index(), e);
        if (before != null && !before.equals(e)) {
            throw violation("state machine safety: index " + e.index() + " applied as " + before + " and, on " + n.id + ", as " + e);
        }
        if (e.type() == Entry.Type.COMMAND) {
            String command = new String(e.data(), StandardCharsets.UTF_8);
            if (command.startsWith("@")) {
                applyClientCommand(n, command);
            } else {
                String[] kv = command.split("=", 2);
                n.state.put(kv[0], kv[1]);
            }
        }
        n.lastApplied = e.index();
    }

    // ---- clients that retry: exactly-once appends through the session table -------------------

    /** A client appending tokens, one command at a time, sending the same command again on a timeout. */
    private static final class Client {
        final String id;
        long seq;
        boolean pending;
        long sentAt;
        String key;

        Client(String id) {
            this.id = id;
        }

        String command() {
            return "@" + id + "#" + seq + ":" + key + "+" + token();
        }

        String token() {
            return id + "-" + seq;
        }
    }

    private final List<Client> clients = List.of(new Client("c1"), new Client("c2"), new Client("c3"));
    private final java.util.Set<String> done = new java.util.HashSet<>();
    private long retries;

    private boolean clientsStopped;

    private void driveClients(boolean newCommands) {
        if (clientsStopped) {
            return;
        }
        for (Client c : clients) {
            if (!c.pending && newCommands && random.nextInt(5) == 0) {
                c.seq++;
                c.key = "list" + random.nextInt(3);
                c.pending = true;
                sendClientCommand(c);
            } else if (c.pending && now - c.sentAt >= 15) {
                retries++;
                sendClientCommand(c); // no answer yet: maybe lost, maybe committed; the session tells
            }
        }
    }

    private void sendClientCommand(Client c) {
        c.sentAt = now;
        List<Node> leaders = nodes.values().stream().filter(n -> n.core != null && n.core.role() == Role.LEADER).toList();
        if (!leaders.isEmpty()) {
            Node to = leaders.get(random.nextInt(leaders.size()));
            long index = to.core.propose(c.command().getBytes(StandardCharsets.UTF_8));
            trace("%s sends %s to %s: index %d", c.id, c.command(), to.id, index);
            to.handleReady();
        }
    }

    private void applyClientCommand(Node n, String command) {
        String client = command.substring(1, command.indexOf('#'));
        long seq = Long.parseLong(command.substring(command.indexOf('#') + 1, command.indexOf(':')));
        String key = command.substring(command.indexOf(':') + 1, command.indexOf('+'));
        String token = command.substring(command.indexOf('+') + 1);
        n.sessions.apply(client, seq, () -> {
            n.state.merge(key, token + ";", String::concat);
            return new byte[0];
        });
        for (Client c : clients) {
            if (c.id.equals(client) && c.pending && c.seq == seq) {
                c.pending = false; // answered: some node applied it, so it is committed
                done.add(token);
            }
        }
    }

    /** Every token a client was answered for is in the lists exactly once, and no token twice, on every member. */
    private void checkExactlyOnce(List<Node> members) {
        for (Node n : members) {
            Map<String, Integer> seen = new HashMap<>();
            for (String list : n.state.values()) {
                for (String token : list.split(";")) {
                    if (token.startsWith("c")) {
                        seen.merge(token, 1, Integer::sum);
                    }
                }
            }
            seen.forEach((token, times) -> {
                if (times > 1) {
                    throw violation("exactly once: " + token + " appended " + times + " times on " + n.id);
                }
            });
            for (String token : done) {
                if (!seen.containsKey(token)) {
                    throw violation("exactly once: " + token + " was answered but is not on " + n.id);
                }
            }
        }
    }

    long retries() {
        return retries;
    }

    private Violation violation(String what) {
        return new Violation("seed " + seed + ", tick " + now + ": " + what);
    }

    private void trace(String format, Object... args) {
        trace.addLast(now + ": " + String.format(format, args));
        if (trace.size() > TRACE) {
            trace.removeFirst();
        }
    }

    private static byte[] command(String key, long n) {
        return (key + "=" + n).getBytes(StandardCharsets.UTF_8);
    }

    /** A snapshot: the session table, then the data, a line per key. */
    private static byte[] encode(TreeMap<String, String> state, ClientSessions sessions) {
        StringBuilder b = new StringBuilder();
        state.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        byte[] table = sessions.encode();
        byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(4 + table.length + data.length).putInt(table.length).put(table).put(data).array();
    }

    private static void restore(Node n, byte[] snapshot) {
        if (snapshot.length == 0) {
            n.state = new TreeMap<>();
            n.sessions = new ClientSessions(16);
            return;
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(snapshot);
        byte[] table = new byte[in.getInt()];
        in.get(table);
        byte[] data = new byte[in.remaining()];
        in.get(data);
        n.sessions = ClientSessions.decode(table, 16);
        n.state = decode(data);
    }

    private static TreeMap<String, String> decode(byte[] data) {
        TreeMap<String, String> state = new TreeMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                String[] kv = line.split("=", 2);
                state.put(kv[0], kv[1]);
            }
        }
        return state;
    }
}
