package io.patrickdb.replication;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.client.PatrickClientException;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.ReplicaOf;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.ReplicationStatus;
import io.patrickdb.replication.protocol.Wait;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client for a replicated group: reads go to the node it was given, which may be a follower
 * (and then the answer says so: {@link Read#possiblyStale()}); writes go to the leader. It starts
 * by sending writes to the node it was given too, and when that node answers {@code NOT_LEADER}
 * with the leader's address, it sends them there from then on. It follows at most a few such
 * redirects per write, so two nodes that name each other cannot keep it busy.
 *
 * <p>It remembers the version of its last write, for {@link #waitForReplicas}: Redis's
 * {@code WAIT}, which asks how many followers have that write.
 */
public final class ReplicatedClient implements AutoCloseable {
    private static final int MAX_REDIRECTS = 3;

    private final ClientOptions options;
    private final PatrickClient node;
    private volatile PatrickClient leader;
    private volatile String leaderAddress;
    private final AtomicLong lastWrite = new AtomicLong();

    private ReplicatedClient(ClientOptions options, PatrickClient node) {
        this.options = options;
        this.node = node;
        this.leader = node;
        this.leaderAddress = options.host() + ":" + options.port();
    }

    /** A client of the group that {@code node} belongs to. */
    public static ReplicatedClient connect(ClientOptions node) {
        ClientOptions replicated = node.withProtocol(ReplicationProtocol.v1());
        return new ReplicatedClient(replicated, PatrickClient.connect(replicated));
    }

    /**
     * A read's answer and where it came from.
     *
     * @param followerOffset the replication offset of the follower that served it; empty if the leader did
     */
    public record Read(Optional<Versioned> value, OptionalLong followerOffset) {
        /** Whether a follower served the read: it may not have the latest writes. */
        public boolean possiblyStale() {
            return followerOffset.isPresent();
        }
    }

    public CompletableFuture<Read> get(String key) {
        return node.call(new Request.Get(key)).thenApply(response -> {
            Response.Get get = expect(response, Response.Get.class);
            OptionalLong offset = get.tags().get(ReplicatedNode.FOLLOWER_READ_TAG)
                    .map(bytes -> OptionalLong.of(Protocol.decode(bytes, BodyReader::i64))).orElse(OptionalLong.empty());
            return new Read(get.value(), offset);
        });
    }

    public CompletableFuture<Long> put(String key, byte[] value, Duration ttl) {
        return write(new Request.Put(key, value, ttl), 0).thenApply(r -> remember(expect(r, Response.Put.class).version()));
    }

    public CompletableFuture<Boolean> delete(String key) {
        return write(new Request.Delete(key), 0).thenApply(r -> expect(r, Response.Delete.class).deleted());
    }

    public CompletableFuture<CasResult> compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        return write(new Request.CompareAndSet(key, expectedVersion, value, ttl), 0).thenApply(r -> {
            CasResult result = expect(r, Response.CompareAndSet.class).result();
            if (result.applied()) {
                remember(result.version());
            }
            return result;
        });
    }

    /**
     * How many followers have this client's last write, waiting up to {@code timeout} for
     * {@code replicas} of them (zero waits as long as it takes, as Redis's {@code WAIT 0}).
     */
    public CompletableFuture<Long> waitForReplicas(int replicas, Duration timeout) {
        return leader.call(new Wait.Request(replicas, timeout.toMillis(), lastWrite.get()))
                .thenApply(r -> expect(r, Wait.Response.class).acknowledged());
    }

    /** The status of the node this client was given. */
    public CompletableFuture<ReplicationStatus.Response> status() {
        return node.call(new ReplicationStatus.Request()).thenApply(r -> expect(r, ReplicationStatus.Response.class));
    }

    /** Tells the node this client was given to follow {@code leader} ("host:port"), or to lead if it is empty. */
    public CompletableFuture<ReplicaOf.Response> replicaOf(String leader) {
        return node.call(new ReplicaOf.Request(leader)).thenApply(r -> expect(r, ReplicaOf.Response.class));
    }

    /** Where this client sends writes now. */
    public String leader() {
        return leaderAddress;
    }

    /** The version of this client's last write, 0 before the first. */
    public long lastWrite() {
        return lastWrite.get();
    }

    private long remember(long version) {
        lastWrite.accumulateAndGet(version, Math::max);
        return version;
    }

    private CompletableFuture<Response> write(Request request, int redirects) {
        PatrickClient to = leader;
        return to.call(request).thenCompose(response -> {
            Optional<String> elsewhere = redirect(response);
            if (elsewhere.isEmpty()) {
                return CompletableFuture.completedFuture(response);
            }
            if (redirects >= MAX_REDIRECTS) {
                return CompletableFuture.failedFuture(new PatrickClientException("gave up after " + MAX_REDIRECTS
                        + " redirects; the last one was to " + elsewhere.get()));
            }
            useLeader(to, elsewhere.get());
            return write(request, redirects + 1);
        });
    }

    /** The address a NOT_LEADER answer names, if it is one that names one. */
    private static Optional<String> redirect(Response response) {
        if (response instanceof Response.Error e && e.status().equals(Status.NOT_LEADER)) {
            return e.tags().get(0).map(bytes -> Protocol.decode(bytes, BodyReader::string));
        }
        return Optional.empty();
    }

    private synchronized void useLeader(PatrickClient was, String address) {
        if (leader != was) {
            return; // another write already moved on
        }
        PatrickClient next = PatrickClient.create(ClientOptions.parse(address).withProtocol(options.protocol())
                .withRequestTimeout(options.requestTimeout()));
        if (leader != node) {
            leader.close();
        }
        leader = next;
        leaderAddress = address;
    }

    private static <T extends Response> T expect(Response response, Class<T> type) {
        if (response instanceof Response.Error e) {
            throw new ServerErrorException(e.status(), e.message());
        }
        if (!type.isInstance(response)) {
            throw new PatrickClientException("expected " + type.getSimpleName() + ", got " + response);
        }
        return type.cast(response);
    }

    @Override
    public synchronized void close() {
        if (leader != node) {
            leader.close();
        }
        node.close();
    }
}
