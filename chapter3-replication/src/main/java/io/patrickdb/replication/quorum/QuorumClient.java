package io.patrickdb.replication.quorum;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.ConnectionException;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.client.RequestTimeoutException;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.index.Versioned;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.LocalGet;
import io.patrickdb.replication.protocol.MembershipChange;
import io.patrickdb.replication.protocol.RaftStatus;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.replication.protocol.SessionWrite.Kind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A client of a quorum group: it finds the leader, follows its redirects, and sends a request
 * again when the leader fails under it, until {@code deadline} has passed. Writes go in
 * {@link SessionWrite}s, so that one sent twice (the first answer was lost with the leader) is
 * applied once: the client holds a few sessions, each with its own request numbers, and a write
 * takes a free one, so that writes can be in flight together without breaking the rule that a
 * session's next write waits for its last one's answer.
 *
 * <p>What may be retried: a {@code NOT_LEADER} answer (the next leader, or after a short pause if
 * an election is under way), a connection that fails, a request that times out. Everything else
 * (an invalid key, a version mismatch) is the answer.
 */
public final class QuorumClient implements AutoCloseable {
    private static final Duration PAUSE = Duration.ofMillis(20);

    private final List<String> seeds;
    private final ClientOptions base;
    private final Duration deadline;
    private final Map<String, PatrickClient> connections = new ConcurrentHashMap<>();
    private final io.netty.channel.EventLoopGroup group = io.patrickdb.server.Transport.newGroup(1, "patrickdb-quorum-client");
    private final Map<String, String> knownLeaders = new ConcurrentHashMap<>(); // leader id -> the address it was given as
    private final ArrayDeque<Session> freeSessions = new ArrayDeque<>();
    private final String clientId = UUID.randomUUID().toString();
    private int sessionCount;
    private volatile String leader;

    /** One of this client's sessions: its id and the number of its last write. */
    private static final class Session {
        final String id;
        long seq;

        Session(String id) {
            this.id = id;
        }
    }

    private QuorumClient(List<String> seeds, ClientOptions base, Duration deadline) {
        this.seeds = List.copyOf(seeds);
        this.base = base.withProtocol(ReplicationProtocol.v1());
        this.deadline = deadline;
        this.leader = seeds.get(0);
    }

    /**
     * A client of the group that the nodes at {@code addresses} ("host:port") belong to; any one
     * of them is enough if it is up, since every node knows the leader's address.
     */
    public static QuorumClient create(List<String> addresses, Duration deadline) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a quorum client needs at least one node's address");
        }
        return new QuorumClient(addresses, ClientOptions.parse(addresses.get(0)).withRequestTimeout(Duration.ofSeconds(5)),
                deadline);
    }

    /** A linearizable read: the leader confirms its leadership before it answers. */
    public CompletableFuture<Optional<Versioned>> get(String key) {
        return retrying(new Request.Get(key), r -> expect(r, Response.Get.class).value());
    }

    public CompletableFuture<SessionWrite.Response> put(String key, byte[] value, Duration ttl) {
        return write(Kind.PUT, key, value, 0, ttl);
    }

    public CompletableFuture<SessionWrite.Response> delete(String key) {
        return write(Kind.DELETE, key, new byte[0], 0, Duration.ZERO);
    }

    /** Writes {@code value} if the key's version is {@code expectedVersion} (0: if it does not exist). */
    public CompletableFuture<SessionWrite.Response> compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        return write(Kind.COMPARE_AND_SET, key, value, expectedVersion, ttl);
    }

    /** Adds {@code value} to the end of the key's value; {@code NOT_FOUND} if it has none. */
    public CompletableFuture<SessionWrite.Response> append(String key, byte[] value) {
        return write(Kind.APPEND, key, value, 0, Duration.ZERO);
    }

    /** Linearizable reads of several keys in one request, answered in the keys' order. */
    public CompletableFuture<List<Optional<Versioned>>> multiGet(List<String> keys) {
        return retrying(new Request.MultiGet(keys), r -> expect(r, Response.MultiGet.class).values());
    }

    /** A stale read: the node at {@code address} answers from its own copy at once, without the leader. */
    public CompletableFuture<LocalGet.Response> localGet(String address, String key) {
        return connection(address).call(new LocalGet.Request(key)).thenApply(r -> expect(r, LocalGet.Response.class));
    }

    /**
     * Adds a node to the group (it must be running, started to join: {@code --join}) or removes one;
     * completes with the membership once the change is committed. Adding waits until the new node
     * has caught up with the log, which takes as long as copying the data.
     */
    public CompletableFuture<MembershipChange.Response> membership(MembershipChange.Change change, String nodeId, String address) {
        return retrying(new MembershipChange.Request(change, nodeId, address), r -> expect(r, MembershipChange.Response.class));
    }

    /** The status of the node at {@code address}. */
    public CompletableFuture<RaftStatus.Response> status(String address) {
        return connection(address).call(new RaftStatus.Request()).thenApply(r -> expect(r, RaftStatus.Response.class));
    }

    /** Where this client sends requests now: the leader, as far as it knows. */
    public String leader() {
        return leader;
    }

    private CompletableFuture<SessionWrite.Response> write(Kind kind, String key, byte[] value, long expected, Duration ttl) {
        Session session = takeSession();
        session.seq++;
        SessionWrite.Request request = new SessionWrite.Request(session.id, session.seq, kind, key, value, expected,
                ttl.toMillis());
        return retrying(request, r -> expect(r, SessionWrite.Response.class)).whenComplete((r, e) -> {
            if (e == null || isAnswer(e)) {
                giveBack(session);
            }
            // A write that failed for good may still be applied later; its session is not used again,
            // since the next number would make the group forget whether this one was.
        });
    }

    private synchronized Session takeSession() {
        Session s = freeSessions.poll();
        return s != null ? s : new Session(clientId + "/" + (++sessionCount));
    }

    private synchronized void giveBack(Session s) {
        freeSessions.push(s);
    }

    private <T> CompletableFuture<T> retrying(Request request, Function<Response, T> answer) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(request, answer, result, System.nanoTime() + deadline.toNanos(), 0);
        return result;
    }

    private <T> void attempt(Request request, Function<Response, T> answer, CompletableFuture<T> result, long until, int tries) {
        try {
            send(request, answer, result, until, tries);
        } catch (RuntimeException e) { // an attempt runs in a callback, where a throw would be lost and the caller wait for ever
            result.completeExceptionally(e);
        }
    }

    private <T> void send(Request request, Function<Response, T> answer, CompletableFuture<T> result, long until, int tries) {
        String target = leader;
        connection(target).call(request).whenComplete((response, failure) -> {
            Throwable e = failure;
            if (e == null) {
                try {
                    result.complete(answer.apply(response));
                    return;
                } catch (RuntimeException refused) {
                    e = refused;
                }
            }
            e = unwrap(e);
            if (isAnswer(e)) {
                result.completeExceptionally(e);
                return;
            }
            // Where to go next, decided before the deadline is looked at: the next request, too,
            // must not go back to a node that did not answer this one.
            Optional<String> redirect = redirect(e);
            boolean redirected = redirect.isPresent() && !redirect.get().equals(target);
            if (redirected) {
                leader = redirect.get();
            } else if (leader.equals(target)) {
                leader = seeds.get((seeds.indexOf(target) + 1 + seeds.size()) % seeds.size()); // try another node
            }
            if (System.nanoTime() > until) {
                result.completeExceptionally(e);
            } else if (redirected) {
                attempt(request, answer, result, until, tries + 1); // at once: we were told where to go
            } else {
                Executor later = CompletableFuture.delayedExecutor(PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                later.execute(() -> attempt(request, answer, result, until, tries + 1));
            }
        });
    }

    /** Whether a failure is the group's answer (not to be retried), rather than a failure to get one. */
    private static boolean isAnswer(Throwable e) {
        if (e instanceof ServerErrorException s) {
            return !s.status().equals(Status.NOT_LEADER) && !s.status().equals(Status.UNAVAILABLE);
        }
        return !(e instanceof ConnectionException || e instanceof RequestTimeoutException);
    }

    /** The leader's address a {@code NOT_LEADER} answer names, if it names one. */
    private static Optional<String> redirect(Throwable e) {
        if (e instanceof ServerErrorException answer && answer.status().equals(Status.NOT_LEADER)) {
            return answer.tags().get(QuorumNode.LEADER_ADDRESS_TAG).map(bytes -> Protocol.decode(bytes, BodyReader::string));
        }
        return Optional.empty();
    }

    private PatrickClient connection(String address) {
        return connections.computeIfAbsent(address, a -> {
            ClientOptions parsed = ClientOptions.parse(a);
            return PatrickClient.create(new ClientOptions(parsed.host(), parsed.port(), base.connections(), base.requestTimeout(),
                    base.connectTimeout(), base.protocol(), base.maxFrameBytes()), group); // one event loop for all the nodes
        });
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static <R extends Response> R expect(Response response, Class<R> type) {
        if (response instanceof Response.Error error) {
            throw new ServerErrorException(error);
        }
        if (!type.isInstance(response)) {
            throw new IllegalStateException("expected " + type.getSimpleName() + ", got " + response);
        }
        return type.cast(response);
    }

    @Override
    public void close() {
        connections.values().forEach(PatrickClient::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
