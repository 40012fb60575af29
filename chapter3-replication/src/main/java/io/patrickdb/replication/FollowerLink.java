package io.patrickdb.replication;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.index.LogRecord;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.Fetch;
import io.patrickdb.replication.protocol.FetchSnapshot;
import io.patrickdb.replication.protocol.RecordBatch;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of replication: one thread that fetches the leader's log and applies it,
 * record by record, keeping the leader's sequence numbers.
 *
 * <p>Each fetch sends the history this node holds and its offset (the store's last sequence
 * number). The leader answers with the next records, or with a full resync: then this node
 * notes in its {@code REPLICATION} file that a resync is under way, resets its store, applies the
 * snapshot in parts, notes that the resync is done, and goes on fetching from the snapshot's
 * sequence. If the link breaks anywhere, the loop reconnects and fetches from wherever the store
 * is: the records it applied are a prefix of the leader's log, so nothing is applied twice
 * (and a record offered twice is ignored by the store), and a resync cut short starts over.
 *
 * <p>Whatever the leader sends is checked before it is applied: each record carries its
 * checksum, and a batch that is damaged or cut is applied only up to its last whole record.
 */
final class FollowerLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FollowerLink.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    private final String leader;
    private final LogStructuredStore store;
    private final Supplier<ReplicationState> state;
    private final Consumer<ReplicationState> save;
    private final Supplier<String> ownAddress;
    private final ReplicationOptions options;
    private final int maxValueBytes;
    private final Thread thread;
    private final Object sleeper = new Object();
    private volatile boolean closed;
    private volatile String link = "connecting";
    private volatile String problem; // why the last attempt failed, for the status
    private volatile PatrickClient client;

    FollowerLink(String leader, LogStructuredStore store, Supplier<ReplicationState> state, Consumer<ReplicationState> save,
                 Supplier<String> ownAddress, ReplicationOptions options, int maxValueBytes) {
        this.leader = leader;
        this.store = store;
        this.state = state;
        this.save = save;
        this.ownAddress = ownAddress;
        this.options = options;
        this.maxValueBytes = maxValueBytes;
        this.thread = new Thread(this::run, "patrickdb-follower");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The leader this link follows, as "host:port". */
    String leader() {
        return leader;
    }

    /** "connecting" (with why the last attempt failed, if it did), "full-resync" or "streaming". */
    String link() {
        String why = problem;
        return link.equals("connecting") && why != null ? "connecting (" + why + ")" : link;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            link = "connecting";
            ClientOptions to = ClientOptions.parse(leader).withProtocol(ReplicationProtocol.v1()).withConnections(1)
                    .withRequestTimeout(options.fetchWait().multipliedBy(4).plusSeconds(10));
            try (PatrickClient c = PatrickClient.create(to)) {
                client = c;
                follow(c);
            } catch (LinkFailure e) {
                problem = e.getMessage();
                if (!closed) {
                    LOG.warn("replication from {}: {}; retrying in {} ms", leader, e.getMessage(), retry.toMillis());
                }
            } catch (RuntimeException e) {
                problem = e.toString();
                if (!closed) {
                    LOG.warn("replication from {} failed: {}; retrying in {} ms", leader, e, retry.toMillis());
                }
            }
            link = "connecting"; // again, after the pause: the status shows why meanwhile
            pause(retry);
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }

    /** Fetches and applies until the link breaks or is closed. */
    private void follow(PatrickClient c) {
        boolean reported = false;
        long connection = new java.util.Random().nextLong();
        while (!closed) {
            ReplicationState now = state.get();
            String history = now.fullResync() ? "" : now.replicationId();
            long offset = store.stats().lastSequence();
            Response answer = call(c, new Fetch.Request(now.nodeId(), connection, ownAddress.get(), history, offset,
                    options.fetchBytes(), options.fetchWait().toMillis()));
            if (answer instanceof Fetch.Records records) {
                if (!reported) {
                    LOG.info("following {}: history {} from sequence {}", leader, records.replicationId(), offset);
                    reported = true;
                }
                if (!records.replicationId().equals(now.replicationId())) {
                    LOG.info("leader {} continues this node's history {} as {}", leader, now.replicationId(), records.replicationId());
                    save.accept(now.adopting(records.replicationId()));
                }
                link = "streaming";
                problem = null;
                if (apply(records.records(), false) > 0) {
                    // The next fetch acknowledges the batch, and the leader may then drop it from
                    // its log: it must survive this process's crash, whatever the fsync policy.
                    store.flushToOperatingSystem();
                }
            } else if (answer instanceof Fetch.FullResync full) {
                fullResync(c, full);
            } else {
                throw new LinkFailure("unexpected answer to a fetch: " + answer);
            }
        }
    }

    private void fullResync(PatrickClient c, Fetch.FullResync full) {
        // BEGIN SOLUTION chapter3.part3
        link = "full-resync";
        LOG.info("leader {} starts a full resync: history {}, snapshot at sequence {}; resetting this node's store",
                leader, full.replicationId(), full.snapshotSequence());
        save.accept(state.get().resyncing(full.replicationId())); // before the reset: a crash in it must not look synced
        store.reset();
        long records = 0;
        int reported = 0;
        CompletableFuture<Response> next = c.call(new FetchSnapshot.Request(full.snapshotId(), options.fetchBytes()));
        while (!closed) {
            Response answer = await(next);
            if (!(answer instanceof FetchSnapshot.Response part)) {
                throw new LinkFailure("unexpected answer to a snapshot fetch: " + answer);
            }
            if (!part.done()) { // asked for before this one is applied: the next part travels meanwhile
                next = c.call(new FetchSnapshot.Request(full.snapshotId(), options.fetchBytes()));
            }
            records += apply(part.records(), true);
            int percent = part.sequence() == 0 ? 100 : (int) (100 * part.position() / part.sequence());
            if (percent >= reported + 10 && !part.done()) {
                reported = percent / 10 * 10;
                LOG.info("full resync from {}: {} records applied, {}% of the leader's log read", leader, records, percent);
            }
            if (part.done()) {
                store.forceToDisk(); // before the mark goes: a crash must not leave half a snapshot looking whole
                save.accept(state.get().resynced());
                LOG.info("full resync from {} done: {} records, {} keys; streaming from sequence {}", leader, records,
                        store.stats().keys(), full.snapshotSequence());
                return;
            }
        }
        // STUB: throw new UnsupportedOperationException("chapter3.part3: note the resync, reset the store, apply the snapshot part by part, note it done");
        // END SOLUTION
    }

    /**
     * Applies the whole records at the start of a batch and returns how many. A damaged stream
     * batch is fetched again from where its good part ends; a damaged snapshot part cannot be
     * asked for again, so the resync starts over.
     */
    private int apply(byte[] batch, boolean snapshot) {
        // BEGIN SOLUTION chapter3.part2
        RecordBatch.Decoded decoded = RecordBatch.decode(batch, maxValueBytes);
        List<LogRecord> records = decoded.records();
        // Appended one after another, waited for together: with --fsync always, one fsync covers
        // the whole batch (group commit) instead of one per record.
        List<java.util.concurrent.CompletableFuture<Void>> durable = new java.util.ArrayList<>(records.size());
        for (LogRecord r : records) {
            durable.add(store.applyReplicated(r));
        }
        durable.forEach(java.util.concurrent.CompletableFuture::join);
        if (!decoded.complete()) {
            String what = snapshot ? "a snapshot part" : "a batch";
            LOG.warn("{} from {} is damaged ({}); applied the {} whole records before it", what, leader, decoded.problem(), records.size());
            if (snapshot) {
                throw new LinkFailure("damaged snapshot part: the full resync starts over");
            }
        }
        return records.size();
        // STUB: throw new UnsupportedOperationException("chapter3.part2: apply the whole records at the start of the batch, keeping the leader's sequence numbers");
        // END SOLUTION
    }

    private Response call(PatrickClient c, io.patrickdb.protocol.Request request) {
        return await(c.call(request));
    }

    /** The leader's answer, or a {@link LinkFailure} saying why there is none. */
    private Response await(CompletableFuture<Response> call) {
        Response answer;
        try {
            answer = call.get(options.fetchWait().multipliedBy(4).plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkFailure("interrupted");
        } catch (ExecutionException e) {
            throw new LinkFailure(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw new LinkFailure("no answer from the leader");
        }
        if (answer instanceof Response.Error error) {
            throw new LinkFailure(describe(error));
        }
        return answer;
    }

    private static String describe(Response.Error error) {
        if (error.status().equals(Status.NOT_LEADER)) {
            String theirs = error.tags().get(0).map(bytes -> Protocol.decode(bytes, io.patrickdb.protocol.BodyReader::string)).orElse("?");
            return "it is not a leader (it follows " + theirs + ")";
        }
        if (error.status().equals(Status.UNSUPPORTED_OPERATION)) {
            return "it does not speak replication (" + error.message() + ")";
        }
        return error.status() + ": " + error.message();
    }

    private void pause(Duration d) {
        synchronized (sleeper) {
            if (closed) {
                return;
            }
            try {
                sleeper.wait(d.toMillis()); // a back-off between reconnects, cut short by close()
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops fetching and waits until no record is being applied any more. */
    @Override
    public void close() {
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        PatrickClient c = client;
        if (c != null) {
            c.close(); // fails the fetch in flight
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The link failed in a way that reconnecting may mend; the message says how, for the log. */
    private static final class LinkFailure extends RuntimeException {
        LinkFailure(String message) {
            super(message, null, false, false);
        }
    }
}
