package io.patrickdb.replication.raft;

import io.patrickdb.replication.raft.RaftMessage.AppendRequest;
import io.patrickdb.replication.raft.RaftMessage.AppendResponse;
import io.patrickdb.replication.raft.RaftMessage.SnapshotRequest;
import io.patrickdb.replication.raft.RaftMessage.VoteRequest;
import io.patrickdb.replication.raft.RaftMessage.VoteResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One Raft node's algorithm, without I/O: a deterministic state machine driven by three inputs,
 * {@link #tick()} (time passes), {@link #step(RaftMessage)} (a message arrives) and
 * {@link #propose(byte[])} (a client asks for a write), whose outputs the driver takes with
 * {@link #ready()}. Not thread-safe: one thread drives it.
 *
 * <p>What it implements, each from Ongaro's dissertation:
 * <ul>
 *   <li><b>Elections</b> with randomized timeouts, preceded by a <b>pre-vote</b> (9.6) so that a
 *       node that was cut off cannot depose a healthy leader when it returns, and a vote only for
 *       a candidate whose log is at least as up to date (3.6.1);</li>
 *   <li><b>check-quorum</b>: a leader that has heard from no majority for an election timeout
 *       steps down (6.2), so a leader cut off from the group stops acting as one;</li>
 *   <li><b>replication</b> with the consistency check on the previous entry, conflicting entries
 *       truncated, and the fast back-up of a follower's next index by whole terms;</li>
 *   <li><b>commitment</b> by majority, and only of an entry of the leader's own term (3.6.2),
 *       which is why a new leader appends a no-op;</li>
 *   <li><b>snapshots</b>: the driver compacts the log below what it has applied, and a follower
 *       that needs compacted entries gets the snapshot instead.</li>
 * </ul>
 */
public final class RaftCore {
    /** The most entry data one append carries (more than one entry only if they fit). */
    public static final int MAX_APPEND_BYTES = 1024 * 1024;

    /** A node's role in its current term. */
    public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }

    /**
     * The node's settings. A tick is the driver's unit of time (the node uses 10 ms); a follower
     * that hears nothing for between {@code electionTicks} and twice that starts an election, and
     * a leader sends heartbeats every {@code heartbeatTicks}.
     *
     * <p>{@code leaseTicks} turns on lease-based reads (dissertation 6.4.1) when it is above 0: a
     * leader that a majority answered within the last {@code leaseTicks} (counted from when it sent
     * what they answered) serves a read without a heartbeat round of its own. It rests on this:
     * a node that hears from its leader, or has just started, refuses every vote for
     * {@code electionTicks}, so no other leader can be elected until that long after the majority
     * last heard from this one. The lease must be shorter by a margin, for what the ticks cannot
     * see: a message can arrive just before its receiver's tick ends (one tick), and the leader's
     * clock can run slower than the followers' (the drift). With 10 ms ticks, an election timeout
     * of 30 ticks and a lease of 24, the margin is 60 ms: two ticks of rounding and 40 ms, 13%, of
     * drift. A paused process is no danger as long as its clock ran on meanwhile (the node makes
     * up the ticks it missed before it serves a read), but a clock that stops while the others run
     * is: a suspended virtual machine's monotonic clock does not count the time it was suspended.
     * That risk, which ReadIndex does not take, is why a lease is only an option.
     */
    public record Config(String id, Set<String> voters, int electionTicks, int heartbeatTicks, int maxEntriesPerAppend,
                         int leaseTicks) {
        public Config {
            Objects.requireNonNull(id, "id");
            voters = Membership.sorted(voters);
            if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
                throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks: " + heartbeatTicks + ", " + electionTicks);
            }
            if (leaseTicks < 0 || leaseTicks > electionTicks - 2) {
                throw new IllegalArgumentException("need 0 <= leaseTicks <= electionTicks - 2: " + leaseTicks + ", " + electionTicks);
            }
        }

        /** Settings with ReadIndex reads only (no lease). */
        public Config(String id, Set<String> voters, int electionTicks, int heartbeatTicks, int maxEntriesPerAppend) {
            this(id, voters, electionTicks, heartbeatTicks, maxEntriesPerAppend, 0);
        }

        public static Config of(String id, Set<String> voters) {
            return new Config(id, voters, 10, 1, 256);
        }

        /** The same settings with a read lease of {@code ticks} (0: none). */
        public Config withLeaseTicks(int ticks) {
            return new Config(id, voters, electionTicks, heartbeatTicks, maxEntriesPerAppend, ticks);
        }
    }

    /** What a node had on disk when it started: its hard state, its snapshot's position, and the log after it. */
    public record Restored(HardState hardState, SnapshotMeta snapshot, byte[] snapshotData, List<Entry> entries) {
        public static Restored empty(Set<String> voters) {
            return new Restored(HardState.INITIAL, new SnapshotMeta(0, 0, voters), new byte[0], List.of());
        }
    }

    /** The leader's view of one follower. */
    private static final class Progress {
        long match;        // the highest index known to agree with the leader's log
        long next;         // the next index to send
        boolean replicating; // false: probing (one append per round trip, waiting for the answer)
        boolean recentActive;
        long snapshotSentAt = -1; // the tick count when a snapshot was sent, or -1
        long lastResponse;        // the tick count of its last answer
        long context;      // the latest heartbeat round it answered
        long contextSentAt = Long.MIN_VALUE; // the tick that round began, for the lease

        Progress(long next) {
            this.next = next;
        }
    }

    private final Config config;
    private final RandomGenerator random;
    private final RaftLog log;
    private Set<String> voters;
    private Set<String> learners = Set.of();
    private long membershipIndex; // the index of the CONFIG entry the membership comes from, 0: the snapshot's
    private Role role = Role.FOLLOWER;
    private long term;
    private String votedFor;
    private String leader;
    private long commit;
    private long applied;
    private long ticks;
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTimeout;
    private final Map<String, Boolean> votes = new HashMap<>();
    private final Map<String, Progress> progress = new HashMap<>();
    private long context; // the leader's current heartbeat round
    // When rounds began, for the lease: {tick, the first round begun in it}, oldest first, none
    // older than an election timeout (a round that old proves nothing any more).
    private final ArrayDeque<long[]> roundStarts = new ArrayDeque<>();

    /** A linearizable read waiting for a heartbeat round to confirm that this node still leads. */
    private record PendingRead(long id, long index, long context) {
    }

    private final List<PendingRead> pendingReads = new ArrayList<>();
    private final List<Long> deferredReads = new ArrayList<>();  // until an entry of this term commits
    private List<ReadState> readyReads = new ArrayList<>();
    private List<Long> droppedReads = new ArrayList<>();

    private SnapshotMeta snapshot;
    private byte[] snapshotData;

    // What ready() hands out next.
    private boolean hardStateChanged;
    private long unstableFrom = Long.MAX_VALUE; // the first log index not yet handed out to persist
    private SnapshotMeta snapshotToPersist;
    private List<RaftMessage> outbox = new ArrayList<>();

    public RaftCore(Config config, Restored restored, RandomGenerator random) {
        this.config = config;
        this.random = random;
        this.snapshot = restored.snapshot();
        this.snapshotData = restored.snapshotData();
        this.log = new RaftLog(snapshot.index(), snapshot.term(), restored.entries());
        this.voters = snapshot.index() == 0 && snapshot.voters().isEmpty() ? config.voters() : snapshot.voters();
        this.learners = snapshot.learners();
        refreshMembership();
        this.term = restored.hardState().term();
        this.votedFor = restored.hardState().votedFor();
        this.commit = Math.min(Math.max(restored.hardState().commit(), snapshot.index()), log.lastIndex());
        this.applied = snapshot.index();
        resetElectionTimer();
    }

    // ---- inputs ---------------------------------------------------------------------------

    /** Time passes by one tick. */
    public void tick() {
        ticks++;
        if (role == Role.LEADER) {
            tickLeader();
        } else {
            electionElapsed++;
            if (electionElapsed >= randomizedElectionTimeout && voters.contains(config.id())) {
                becomePreCandidate();
            }
        }
    }

    /**
     * Appends a command to the log if this node is the leader, and returns its index (the write is
     * done once {@link Ready#committed()} hands out the entry at that index with this term); -1 if
     * this node is not the leader.
     */
    public long propose(byte[] command) {
        if (role != Role.LEADER) {
            return -1;
        }
        long index = appendAsLeader(Entry.Type.COMMAND, command);
        broadcastAppend();
        return index;
    }

    /**
     * Proposes a change of one server's membership and returns its entry's index, or -1 if this
     * node does not lead, another change is not committed yet, no entry of this term is committed
     * yet (a leader's view of the membership may be stale until then), or the change does not apply
     * (adding a member, promoting a voter, removing the last voter). The new membership takes
     * effect at once, on every node that appends the entry.
     */
    public long proposeMembership(Membership.Change change, String node) {
        return proposeMembership(change, node, "");
    }

    /**
     * As {@link #proposeMembership(Membership.Change, String)}, with a context that the CONFIG
     * entry carries for the driver (as etcd's ConfChange does): Raft does not read it.
     */
    public long proposeMembership(Membership.Change change, String node, String context) {
        if (role != Role.LEADER || membershipIndex > commit || log.termAt(commit) != term) {
            return -1;
        }
        Membership next = new Membership(voters, learners).after(change, node);
        if (next == null) {
            return -1;
        }
        long index = appendAsLeader(Entry.Type.CONFIG, next.encode(context));
        broadcastAppend();
        return index;
    }

    /**
     * Asks for a linearizable read (ReadIndex, dissertation 6.4): if this node leads, the read
     * comes back in {@link Ready#reads()} with the commit index it must wait for, once a heartbeat
     * round sent after the request has been answered by a majority, which proves that no other
     * node had become leader meanwhile. The driver serves it when it has applied that index.
     * With a lease ({@link Config#leaseTicks()}) that still holds, the read comes back at once,
     * in the next {@link Ready#reads()}, without a round.
     * Returns false if this node does not lead; a read it can no longer serve (it lost the
     * leadership) comes back in {@link Ready#droppedReads()}.
     */
    public boolean requestRead(long id) {
        if (role != Role.LEADER) {
            return false;
        }
        if (log.termAt(commit) != term) {
            deferredReads.add(id); // its commit index may be behind its predecessor's until its no-op commits
        } else if (holdsLease()) {
            readyReads.add(new ReadState(id, commit));
        } else {
            startRead(id);
        }
        return true;
    }

    /**
     * Whether a majority of voters (this leader among them) answered a round that began less than
     * {@link Config#leaseTicks()} ago: until then no other node can have been elected.
     */
    public boolean holdsLease() {
        return leaseTicksLeft() > 0;
    }

    /**
     * For how many more ticks the lease of {@link #holdsLease()} holds if no answer renews it: 0
     * if it does not hold now; 1 if it lapses on the next tick.
     */
    public long leaseTicksLeft() {
        if (config.leaseTicks() == 0 || role != Role.LEADER) {
            return 0;
        }
        List<Long> heard = new ArrayList<>();
        if (voters.contains(config.id())) {
            heard.add(ticks);
        }
        progress.forEach((peer, p) -> {
            if (voters.contains(peer)) {
                heard.add(p.contextSentAt);
            }
        });
        if (heard.size() < majority()) {
            return 0;
        }
        heard.sort(java.util.Comparator.reverseOrder());
        long lapses = heard.get(majority() - 1) + config.leaseTicks(); // a round never answered began at Long.MIN_VALUE
        return ticks < lapses ? lapses - ticks : 0;
    }

    /** Begins a heartbeat round: the messages sent next carry it, and their answers echo it. */
    private void beginRound() {
        context++;
        if (roundStarts.isEmpty() || roundStarts.peekLast()[0] != ticks) {
            roundStarts.addLast(new long[] {ticks, context});
        }
        while (roundStarts.peekFirst()[0] + config.electionTicks() <= ticks) {
            roundStarts.removeFirst();
        }
    }

    /** When round {@code c} began, or {@code Long.MIN_VALUE} if longer ago than an election timeout. */
    private long roundStart(long c) {
        for (java.util.Iterator<long[]> i = roundStarts.descendingIterator(); i.hasNext(); ) {
            long[] start = i.next();
            if (start[1] <= c) {
                return start[0];
            }
        }
        return Long.MIN_VALUE;
    }

    private void startRead(long id) {
        beginRound();
        PendingRead read = new PendingRead(id, commit, context);
        if (majority() == 1 && voters.contains(config.id())) {
            readyReads.add(new ReadState(id, read.index()));
            return;
        }
        pendingReads.add(read);
        for (Map.Entry<String, Progress> e : progress.entrySet()) {
            sendAppend(e.getKey(), e.getValue(), true);
        }
    }

    /** Hands out the pending reads that a majority's answers to a later heartbeat have confirmed. */
    private void confirmReads() {

        // BEGIN SOLUTION chapter3.part10
        while (!pendingReads.isEmpty()) {
            PendingRead read = pendingReads.get(0);
            long confirmed = (voters.contains(config.id()) ? 1 : 0) + progress.entrySet().stream()
                    .filter(e -> voters.contains(e.getKey()) && e.getValue().context >= read.context()).count();
            if (confirmed < majority()) {
                return;
            }
            pendingReads.remove(0);
            readyReads.add(new ReadState(read.id(), read.index()));
        }
        // STUB: throw new UnsupportedOperationException("chapter3.part10: hand out each pending read once a majority answered a heartbeat round sent after it");
        // END SOLUTION
    }

    private void dropReads() {
        pendingReads.forEach(r -> droppedReads.add(r.id()));
        droppedReads.addAll(deferredReads);
        pendingReads.clear();
        deferredReads.clear();
    }

    /** A message from another node. */
    public void step(RaftMessage m) {
        if (!m.to().equals(config.id())) {
            return;
        }
        if (m.term() > term) {
            if (m instanceof VoteRequest && inLease()) {
                return; // we hear from a leader: a vote now would only disrupt it (4.2.3)
            }
            boolean preVoteTraffic = m instanceof VoteRequest req && req.preVote()
                    || m instanceof VoteResponse res && res.preVote() && res.granted();
            if (!preVoteTraffic) {
                becomeFollower(m.term(), m instanceof AppendRequest || m instanceof SnapshotRequest ? m.from() : null);
            }
        } else if (m.term() < term) {
            if (m instanceof AppendRequest || m instanceof SnapshotRequest) {
                // A deposed leader: tell it the current term so that it steps down.
                send(new AppendResponse(term, config.id(), m.from(), false, 0, 0, 0, 0));
            } else if (m instanceof VoteRequest v && v.preVote()) {
                send(new VoteResponse(term, config.id(), m.from(), false, true));
            }
            return;
        }
        if (m instanceof VoteRequest v) {
            onVoteRequest(v);
        } else if (m instanceof VoteResponse v) {
            onVoteResponse(v);
        } else if (m instanceof AppendRequest a) {
            onAppend(a);
        } else if (m instanceof AppendResponse a) {
            onAppendResponse(a);
        } else if (m instanceof SnapshotRequest snap) {
            onSnapshot(snap);
        }
    }

    /**
     * The driver has a snapshot of the state machine at {@code index} (at most what it applied):
     * the log below it is dropped, and a follower that needs those entries gets the snapshot.
     * Returns the snapshot's position and membership, for the driver to keep with its data.
     */
    public SnapshotMeta compact(long index, byte[] data) {
        if (index <= log.snapshotIndex()) {
            return snapshot;
        }
        if (index > applied) {
            throw new IllegalArgumentException("snapshot at " + index + " is beyond what was applied (" + applied + ")");
        }
        Membership m = membershipAt(index);
        snapshot = new SnapshotMeta(index, log.termAt(index), m.voters(), m.learners());
        snapshotData = data;
        log.compact(index);
        return snapshot;
    }

    /**
     * What a snapshot of the state machine at {@code index} would say about itself: the term of its
     * last entry and the membership in effect there. The driver asks before it writes a snapshot,
     * which takes a while, and calls {@link #compact} once the snapshot is on disk.
     */
    public SnapshotMeta snapshotMetaAt(long index) {
        if (index > applied || index <= log.snapshotIndex()) {
            throw new IllegalArgumentException("no applied entry " + index + " in the log (" + (log.snapshotIndex() + 1)
                    + ".." + applied + " applied)");
        }
        Membership m = membershipAt(index);
        return new SnapshotMeta(index, log.termAt(index), m.voters(), m.learners());
    }

    // ---- outputs --------------------------------------------------------------------------

    /** What to persist, send and apply since the last call; see {@link Ready} for the order. */
    public Ready ready() {
        HardState hs = hardStateChanged ? hardState() : null;
        List<Entry> toPersist = unstableFrom <= log.lastIndex() ? log.between(Math.max(unstableFrom, log.snapshotIndex() + 1), log.lastIndex()) : List.of();
        SnapshotMeta snap = snapshotToPersist;
        byte[] snapData = snap == null ? null : snapshotData;
        List<Entry> toApply = List.of();
        if (snap != null) {
            applied = Math.max(applied, snap.index());
        }
        if (commit > applied) {
            toApply = log.between(applied + 1, commit);
            applied = commit;
        }
        List<RaftMessage> messages = outbox;
        outbox = new ArrayList<>();
        List<ReadState> reads = readyReads;
        readyReads = new ArrayList<>();
        List<Long> dropped = droppedReads;
        droppedReads = new ArrayList<>();
        hardStateChanged = false;
        unstableFrom = Long.MAX_VALUE;
        snapshotToPersist = null;
        return new Ready(hs, toPersist, snap, snapData, messages, toApply, reads, dropped);
    }

    public HardState hardState() {
        return new HardState(term, votedFor, commit);
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    /** The leader of the current term, if this node knows it. */
    public String leader() {
        return leader;
    }

    public String id() {
        return config.id();
    }

    public long commitIndex() {
        return commit;
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    public Set<String> voters() {
        return voters;
    }

    public Set<String> learners() {
        return learners;
    }

    /** On a leader, how far each other member's log is known to match its own; empty elsewhere. */
    public Map<String, Long> matchIndexes() {
        Map<String, Long> match = new java.util.TreeMap<>();
        if (role == Role.LEADER) {
            progress.forEach((peer, p) -> match.put(peer, p.match));
        }
        return match;
    }

    /** The entry at {@code index}, or null if the log does not hold it (compacted or not there). */
    public Entry entry(long index) {
        return index > log.snapshotIndex() && index <= log.lastIndex() ? log.get(index) : null;
    }

    public long snapshotIndex() {
        return log.snapshotIndex();
    }

    /** The term of the entry at {@code index}, or -1 if unknown. */
    public long termAt(long index) {
        return log.termAt(index);
    }

    // ---- roles ----------------------------------------------------------------------------

    private void becomeFollower(long newTerm, String newLeader) {
        if (newTerm > term) {
            term = newTerm;
            votedFor = null;
            hardStateChanged = true;
        }
        if (role == Role.LEADER) {
            dropReads();
        }
        role = Role.FOLLOWER;
        leader = newLeader;
        progress.clear();
        resetElectionTimer();
    }

    private void becomePreCandidate() {
        role = Role.PRE_CANDIDATE;
        leader = null;
        votes.clear();
        resetElectionTimer();
        requestVotes(true);
    }

    private void becomeCandidate() {
        role = Role.CANDIDATE;
        term++;
        votedFor = config.id();
        hardStateChanged = true;
        leader = null;
        votes.clear();
        resetElectionTimer();
        requestVotes(false);
    }

    private void requestVotes(boolean preVote) {
        votes.put(config.id(), true);
        if (won()) {
            afterWinning(preVote);
            return;
        }
        long asTerm = preVote ? term + 1 : term;
        for (String peer : voters) {
            if (!peer.equals(config.id())) {
                send(new VoteRequest(asTerm, config.id(), peer, log.lastIndex(), log.lastTerm(), preVote));
            }
        }
    }

    private void afterWinning(boolean preVote) {
        if (preVote) {
            becomeCandidate();
        } else {
            becomeLeader();
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leader = config.id();
        progress.clear();
        for (String peer : members()) {
            if (!peer.equals(config.id())) {
                Progress p = new Progress(log.lastIndex() + 1);
                p.recentActive = true;
                p.lastResponse = ticks;
                progress.put(peer, p);
            }
        }
        electionElapsed = 0;
        heartbeatElapsed = 0;
        // Entries of earlier terms commit only with one of this term (3.6.2): append it at once.
        appendAsLeader(Entry.Type.NOOP, new byte[0]);
        for (Map.Entry<String, Progress> e : progress.entrySet()) {
            sendAppend(e.getKey(), e.getValue(), false); // a probe: where does each log agree with ours?
        }
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    /**
     * Whether a leader was heard from within the minimum election timeout, or this node started
     * less than that ago: votes then are refused. The second half is for read leases: before it
     * crashed, this node may have answered a leader that counts on it to refuse votes for that long.
     */
    private boolean inLease() {
        return leader != null && role == Role.FOLLOWER && electionElapsed < config.electionTicks()
                || role == Role.LEADER || ticks < config.electionTicks();
    }

    // ---- elections ------------------------------------------------------------------------

    private void onVoteRequest(VoteRequest v) {

        // BEGIN SOLUTION chapter3.part6
        boolean upToDate = v.lastTerm() > log.lastTerm() || v.lastTerm() == log.lastTerm() && v.lastIndex() >= log.lastIndex();
        boolean free = v.preVote()
                ? v.term() > term || votedFor == null || votedFor.equals(v.from())
                : votedFor == null || votedFor.equals(v.from());
        // Not "is the candidate in my membership?": a node that has not yet heard of its own
        // addition, or of the candidate's, must still vote, or a group can be left with no majority
        // willing to elect anyone (dissertation 4.1: requests are answered whatever the membership).
        // What keeps a removed node from disrupting the group is the lease check in step().
        boolean grant = upToDate && free;
        if (grant && !v.preVote()) {
            votedFor = v.from();
            hardStateChanged = true; // on disk before the answer is sent (Ready's order)
            resetElectionTimer();
        }
        send(new VoteResponse(grant && v.preVote() ? v.term() : term, config.id(), v.from(), grant, v.preVote()));
        // STUB: throw new UnsupportedOperationException("chapter3.part6: grant a (pre-)vote only to a candidate whose log is at least as up to date, once per term");
        // END SOLUTION
    }

    private void onVoteResponse(VoteResponse r) {
        boolean expected = r.preVote() ? role == Role.PRE_CANDIDATE : role == Role.CANDIDATE;
        if (!expected || !voters.contains(r.from())) {
            return;
        }
        votes.put(r.from(), r.granted());
        if (won()) {
            afterWinning(r.preVote());
        } else if (lost()) {
            becomeFollower(term, null);
        }
    }

    private boolean won() {
        return votes.values().stream().filter(b -> b).count() >= majority();
    }

    private boolean lost() {
        return votes.values().stream().filter(b -> !b).count() >= majority();
    }

    private int majority() {
        return voters.size() / 2 + 1;
    }

    // ---- replication: the follower's side ---------------------------------------------------

    /** The leader of this term spoke: follow it, and hold off an election for another timeout. */
    private void heardFromLeader(String from) {
        if (role != Role.FOLLOWER) {
            becomeFollower(term, from);
        }
        leader = from;
        electionElapsed = 0;
    }

    private void onAppend(AppendRequest a) {
        heardFromLeader(a.from());
        long prevIndex = a.prevIndex();
        long prevTerm = a.prevTerm();
        List<Entry> entries = a.entries();
        if (prevIndex < log.snapshotIndex()) {
            // The snapshot covers the start: those entries are committed, so they agree. Skip them.
            int skip = (int) Math.min(entries.size(), log.snapshotIndex() - prevIndex);
            entries = entries.subList(skip, entries.size());
            prevIndex = log.snapshotIndex();
            prevTerm = log.snapshotTerm();
            if (a.prevIndex() + a.entries().size() < log.snapshotIndex()) {
                send(new AppendResponse(term, config.id(), a.from(), true, log.snapshotIndex(), 0, 0, a.context()));
                return;
            }
        }
        if (prevIndex > log.lastIndex()) {
            send(new AppendResponse(term, config.id(), a.from(), false, 0, 0, log.lastIndex() + 1, a.context()));
            return;
        }
        long ourTerm = log.termAt(prevIndex);
        if (ourTerm != prevTerm) {
            send(new AppendResponse(term, config.id(), a.from(), false, 0, ourTerm, log.firstIndexOfTerm(prevIndex), a.context()));
            return;
        }
        if (appendFromLeader(entries, a.from())) {
            refreshMembership(); // looks back through the log for the latest CONFIG entry: only when one came or went
        }
        long lastNew = prevIndex + entries.size();
        if (a.commit() > commit) {
            commit = Math.min(a.commit(), lastNew);
            hardStateChanged = true;
        }
        send(new AppendResponse(term, config.id(), a.from(), true, lastNew, 0, 0, a.context()));
    }

    private void onSnapshot(SnapshotRequest s) {

        // BEGIN SOLUTION chapter3.part9
        heardFromLeader(s.from());
        SnapshotMeta meta = s.meta();
        if (meta.index() <= commit) {
            send(new AppendResponse(term, config.id(), s.from(), true, commit, 0, 0, 0));
            return;
        }
        if (log.termAt(meta.index()) == meta.term()) {
            log.compact(meta.index()); // we have the entry it ends with: keep what follows
        } else {
            log.restore(meta.index(), meta.term());
        }
        snapshot = meta;
        snapshotData = s.data();
        snapshotToPersist = meta;
        refreshMembership();
        commit = meta.index();
        hardStateChanged = true;
        unstableFrom = Math.min(unstableFrom, meta.index() + 1);
        send(new AppendResponse(term, config.id(), s.from(), true, meta.index(), 0, 0, 0));
        // STUB: throw new UnsupportedOperationException("chapter3.part9: install the leader's snapshot: keep the log after it if it agrees, else start over after it");
        // END SOLUTION
    }

    /**
     * Puts the leader's entries (which follow an entry this log agrees with) into the log: an entry
     * already there with the same term is skipped (a resent append); one with another term, and
     * everything after it, is cut away, since the leader's log wins; the rest are appended.
     * Returns whether the membership may have changed (a CONFIG entry came or went).
     */
    private boolean appendFromLeader(List<Entry> entries, String leaderId) {
        // BEGIN SOLUTION chapter3.part7
        boolean membershipChanged = false;
        for (Entry e : entries) {
            if (e.index() <= log.lastIndex()) {
                if (log.termAt(e.index()) == e.term()) {
                    continue; // already there (a duplicated or re-sent append)
                }
                if (e.index() <= commit) {
                    throw new IllegalStateException("leader " + leaderId + " conflicts with committed entry " + e.index());
                }
                membershipChanged |= e.index() <= membershipIndex; // the CONFIG entry in effect is cut away
                log.truncateFrom(e.index());
            }
            log.append(e);
            unstableFrom = Math.min(unstableFrom, e.index());
            membershipChanged |= e.type() == Entry.Type.CONFIG;
        }
        return membershipChanged;
        // STUB: throw new UnsupportedOperationException("chapter3.part7: skip entries already there, cut a conflicting tail, append the rest");
        // END SOLUTION
    }

    // ---- replication: the leader's side -----------------------------------------------------

    private long appendAsLeader(Entry.Type type, byte[] data) {
        long index = log.lastIndex() + 1;
        log.append(new Entry(index, term, type, data));
        unstableFrom = Math.min(unstableFrom, index);
        if (type == Entry.Type.CONFIG) {
            refreshMembership();
        }
        maybeCommit();
        return index;
    }

    private void tickLeader() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            if (!quorumActive()) {
                becomeFollower(term, null); // check-quorum: no majority heard us; stop acting as leader
                return;
            }
            progress.values().forEach(p -> p.recentActive = false);
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            beginRound();
            for (Map.Entry<String, Progress> e : progress.entrySet()) {
                Progress p = e.getValue();
                if (p.replicating && p.match < log.lastIndex() && ticks - p.lastResponse >= 3L * config.heartbeatTicks()) {
                    p.replicating = false; // silent for three heartbeats: probe again from what it acknowledged
                    p.next = p.match + 1;
                }
                sendAppend(e.getKey(), p, true);
            }
        }
    }

    private boolean quorumActive() {
        long active = (voters.contains(config.id()) ? 1 : 0)
                + progress.entrySet().stream().filter(e -> voters.contains(e.getKey()) && e.getValue().recentActive).count();
        return active >= majority();
    }

    private void broadcastAppend() {
        for (Map.Entry<String, Progress> e : progress.entrySet()) {
            if (e.getValue().replicating) {
                sendAppend(e.getKey(), e.getValue(), false);
            }
        }
    }

    /** Sends the follower what it needs next: entries from its next index, or the snapshot. */
    private void sendAppend(String peer, Progress p, boolean heartbeat) {
        if (p.next <= log.snapshotIndex()) {
            if (p.snapshotSentAt < 0 || ticks - p.snapshotSentAt >= config.electionTicks()) {
                p.snapshotSentAt = ticks;
                send(new SnapshotRequest(term, config.id(), peer, snapshot, snapshotData));
            }
            return;
        }
        List<Entry> entries = withinBytes(log.from(p.next, config.maxEntriesPerAppend()));
        if (entries.isEmpty() && !heartbeat) {
            return;
        }
        long prev = p.next - 1;
        send(new AppendRequest(term, config.id(), peer, prev, log.termAt(prev), entries, commit, heartbeat ? context : 0));
        if (p.replicating && !entries.isEmpty()) {
            p.next = entries.get(entries.size() - 1).index() + 1; // optimistic: the next append follows at once
        }
    }

    /**
     * The first of {@code entries} whose data add up to at most {@link #MAX_APPEND_BYTES}, and
     * at least one: an append must fit in one frame of the wire protocol.
     */
    private static List<Entry> withinBytes(List<Entry> entries) {
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            bytes += entries.get(i).data().length;
            if (bytes > MAX_APPEND_BYTES && i > 0) {
                return entries.subList(0, i);
            }
        }
        return entries;
    }

    private void onAppendResponse(AppendResponse r) {
        Progress p = progress.get(r.from());
        if (role != Role.LEADER || p == null) {
            return;
        }
        p.recentActive = true;
        p.lastResponse = ticks;
        if (r.context() > p.context) {
            p.context = r.context();
            p.contextSentAt = roundStart(r.context());
        }
        confirmReads();
        if (r.success()) {
            if (r.matchIndex() > p.match) {
                p.match = r.matchIndex();
            }
            p.next = Math.max(p.next, p.match + 1);
            p.replicating = true;
            p.snapshotSentAt = -1;
            if (maybeCommit()) {
                broadcastCommit();
            } else if (p.next <= log.lastIndex()) {
                sendAppend(r.from(), p, false);
            }
        } else {
            if (r.conflictIndex() == 0) {
                return; // a stale-term answer, handled by the term check already
            }
            long next = r.conflictIndex();
            if (r.conflictTerm() > 0) {
                long ours = log.lastIndexOfTerm(r.conflictTerm());
                if (ours > 0) {
                    next = ours + 1; // we share that term: resume after our last entry of it
                }
            }
            p.next = Math.max(p.match + 1, Math.min(next, log.lastIndex() + 1));
            p.replicating = false;
            sendAppend(r.from(), p, false);
        }
    }

    /** Tells every follower the new commit index, with whatever entries they still need. */
    private void broadcastCommit() {
        for (Map.Entry<String, Progress> e : progress.entrySet()) {
            sendAppend(e.getKey(), e.getValue(), true);
        }
    }

    /** Advances the commit index to what a majority holds, if that entry is of this term. */
    private boolean maybeCommit() {
        long agreed = committable();
        if (agreed > commit) {
            commit = agreed;
            hardStateChanged = true;
            if (role == Role.LEADER && !deferredReads.isEmpty()) {
                List<Long> waiting = List.copyOf(deferredReads);
                deferredReads.clear();
                waiting.forEach(this::startRead);
            }
            if (role == Role.LEADER && !voters.contains(config.id()) && membershipIndex <= commit) {
                // Its own removal is committed: it leaves; the others elect one of themselves (4.2.2).
                broadcastCommit();
                becomeFollower(term, null);
            }
            return true;
        }
        return false;
    }

    /**
     * The highest index this leader may commit: the highest that a majority of the voters has in
     * its log (the leader's own log counts for the leader), but only if its entry is of this term.
     * An older term's entry on a majority can still be overwritten (figure 8 of the paper); it is
     * committed with the first entry of this term that reaches a majority. {@code commit} if none.
     */
    private long committable() {
        // BEGIN SOLUTION chapter3.part7
        List<Long> matches = new ArrayList<>();
        for (String v : voters) {
            if (v.equals(config.id())) {
                matches.add(log.lastIndex());
            } else {
                Progress p = progress.get(v);
                matches.add(p == null ? 0 : p.match);
            }
        }
        matches.sort((a, b) -> Long.compare(b, a));
        long agreed = matches.get(majority() - 1);
        return agreed > commit && log.termAt(agreed) == term ? agreed : commit;
        // STUB: throw new UnsupportedOperationException("chapter3.part7: the highest index a majority has, if its entry is of this term");
        // END SOLUTION
    }

    private void send(RaftMessage m) {
        outbox.add(m);
    }

    private Set<String> members() {
        Set<String> all = new TreeSet<>(voters);
        all.addAll(learners);
        return all;
    }

    /** Takes the membership of the latest CONFIG entry in the log, or the snapshot's. */
    private void refreshMembership() {
        Membership m = membershipAt(log.lastIndex());
        voters = m.voters();
        learners = m.learners();
        if (role == Role.LEADER) {
            Set<String> all = members();
            progress.keySet().retainAll(all);
            for (String peer : all) {
                if (!peer.equals(config.id()) && !progress.containsKey(peer)) {
                    Progress p = new Progress(log.lastIndex() + 1);
                    p.recentActive = true;
                    p.lastResponse = ticks;
                    progress.put(peer, p);
                    sendAppend(peer, p, true); // a probe at once: where does the newcomer's log stand?
                }
            }
        }
    }

    /** The membership in effect at {@code index}: its latest CONFIG entry at or before it, or the snapshot's. */
    private Membership membershipAt(long index) {
        for (long i = Math.min(index, log.lastIndex()); i > log.snapshotIndex(); i--) {
            Entry e = log.get(i);
            if (e.type() == Entry.Type.CONFIG) {
                if (index == log.lastIndex()) {
                    membershipIndex = i;
                }
                return Membership.decode(e.data());
            }
        }
        if (index == log.lastIndex()) {
            membershipIndex = 0;
        }
        return snapshot.index() == 0 && snapshot.voters().isEmpty() ? new Membership(config.voters(), Set.of()) : snapshot.membership();
    }

    @Override
    public String toString() {
        return config.id() + "[" + role + " term " + term + " last " + log.lastIndex() + "@" + log.lastTerm() + " commit " + commit
                + " applied " + applied + " snap " + log.snapshotIndex() + " voters " + new TreeSet<>(voters) + "]";
    }
}
