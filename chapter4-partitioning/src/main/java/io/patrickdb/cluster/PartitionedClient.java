package io.patrickdb.cluster;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.ConnectionException;
import io.patrickdb.client.KeyValueClient;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.client.PatrickClientException;
import io.patrickdb.client.RequestTimeoutException;
import io.patrickdb.client.ServerErrorException;
import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import io.patrickdb.partitioning.HashSlots;
import io.patrickdb.protocol.Status;
import io.patrickdb.replication.protocol.SessionWrite;
import io.patrickdb.replication.protocol.SessionWrite.Outcome;
import io.patrickdb.replication.quorum.QuorumClient;
import io.patrickdb.server.Transport;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A client of a partitioned cluster: it keeps a copy of the cluster map, sends each key to the
 * replica group that owns the key's slot (through a chapter 3 {@link QuorumClient} per group,
 * which finds the group's leader and rides out its failover), and corrects itself when told.
 *
 * <p>A group that does not own a key's slot answers {@code MOVED}, with the owner and its map's
 * epoch. The client then fetches the newer map from the owner's nodes and sends the request
 * again, to the owner; after {@value #MAX_REDIRECTS} redirects it stops with a
 * {@link RoutingException} that lists them: a consistent cluster never needs more than one or two,
 * so more means the groups' maps disagree, and guessing could give a wrong answer. A group that
 * has no leader for as long as the client waits ({@code groupDeadline}) fails its requests with
 * {@link GroupUnavailableException}, naming the group and its slots.
 *
 * <p>A multi-get is split by group, the parts are sent in parallel, and the answers are put back
 * in the order of the keys.
 */
public final class PartitionedClient implements AutoCloseable {
    /** How many {@code MOVED} answers one request may follow. */
    public static final int MAX_REDIRECTS = 5;

    private final Duration groupDeadline;
    private final EventLoopGroup loop = Transport.newGroup(1, "patrickdb-partitioned-client");
    private final Map<ClusterMap.Group, QuorumClient> groups = new ConcurrentHashMap<>();
    private final Map<String, PatrickClient> mapSources = new ConcurrentHashMap<>();
    private volatile ClusterMap map;

    private PartitionedClient(ClusterMap map, Duration groupDeadline) {
        this.map = map;
        this.groupDeadline = groupDeadline;
    }

    /**
     * A client of the cluster that any of {@code seeds} ("host:port") belongs to: it asks them for
     * the cluster map, in turn, and fails if none has one.
     */
    public static PartitionedClient connect(List<String> seeds, Duration groupDeadline) {
        try {
            return open(seeds, groupDeadline).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** As {@link #connect}, without waiting: completes with the client once a seed has given it the map. */
    public static CompletableFuture<PartitionedClient> open(List<String> seeds, Duration groupDeadline) {
        PartitionedClient client = new PartitionedClient(null, groupDeadline);
        return client.fetchMap(seeds).thenApply(found -> {
            if (found.isEmpty()) {
                client.close();
                throw new PatrickClientException("none of " + seeds + " has a cluster map: is it a partitioned cluster, "
                        + "and has `cluster start` finished?");
            }
            client.map = found.get();
            return client;
        });
    }

    /** A client that starts from {@code map} as it is (a stale one, say), and corrects it when redirected. */
    public static PartitionedClient withMap(ClusterMap map, Duration groupDeadline) {
        return new PartitionedClient(map, groupDeadline);
    }

    /** The map this client routes by now. */
    public ClusterMap map() {
        return map;
    }

    /** A linearizable read at the leader of the key's group. */
    public CompletableFuture<Optional<Versioned>> get(String key) {
        return routed(key, group -> group.get(key));
    }

    public CompletableFuture<SessionWrite.Response> put(String key, byte[] value, Duration ttl) {
        return routed(key, group -> group.put(key, value, ttl));
    }

    public CompletableFuture<SessionWrite.Response> delete(String key) {
        return routed(key, group -> group.delete(key));
    }

    public CompletableFuture<SessionWrite.Response> compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
        return routed(key, group -> group.compareAndSet(key, expectedVersion, value, ttl));
    }

    public CompletableFuture<SessionWrite.Response> append(String key, byte[] value) {
        return routed(key, group -> group.append(key, value));
    }

    /** The keys' values, in the keys' order: one request per group that owns some of them, in parallel. */
    public CompletableFuture<List<Optional<Versioned>>> multiGet(List<String> keys) {
        @SuppressWarnings("unchecked")
        Optional<Versioned>[] values = new Optional[keys.size()];
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            all.add(i);
        }
        return fill(keys, all, values, List.of()).thenApply(done -> Arrays.asList(values));
    }

    /** Each group's counters (from its leader as this client knows it), by group id. */
    public CompletableFuture<Map<String, Map<String, Long>>> statsByGroup() {
        ClusterMap m = map;
        Map<String, CompletableFuture<Map<String, Long>>> asked = new LinkedHashMap<>();
        for (ClusterMap.Group g : m.groups()) {
            asked.put(g.id(), source(groupClient(g).leader()).stats());
        }
        return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
            asked.forEach((id, f) -> counters.put(id, f.join()));
            return counters;
        });
    }

    /** This client as chapter 2's {@link KeyValueClient}, for the REST gateway. */
    public KeyValueClient asKeyValueClient() {
        return new KeyValueClient() {
            @Override
            public CompletableFuture<Optional<Versioned>> get(String key) {
                return PartitionedClient.this.get(key);
            }

            @Override
            public CompletableFuture<Long> put(String key, byte[] value, Duration ttl) {
                return PartitionedClient.this.put(key, value, ttl).thenApply(r -> done(key, r).version());
            }

            @Override
            public CompletableFuture<CasResult> compareAndSet(String key, long expectedVersion, byte[] value, Duration ttl) {
                return PartitionedClient.this.compareAndSet(key, expectedVersion, value, ttl).thenApply(r -> {
                    if (r.outcome() == Outcome.REFUSED) {
                        done(key, r);
                    }
                    return new CasResult(r.outcome() == Outcome.DONE, r.version());
                });
            }

            @Override
            public CompletableFuture<Boolean> delete(String key) {
                return PartitionedClient.this.delete(key).thenApply(r -> r.outcome() == Outcome.DONE);
            }

            @Override
            public CompletableFuture<Map<String, Long>> stats() {
                return statsByGroup().thenApply(PartitionedClient::summed);
            }
        };
    }

    private static SessionWrite.Response done(String key, SessionWrite.Response r) {
        if (r.outcome() == Outcome.REFUSED) {
            throw new ServerErrorException(Status.VALUE_TOO_LARGE, "the group refused the write to " + key
                    + " (the value would be too large)");
        }
        return r;
    }

    /** Counters added up over the groups. */
    static Map<String, Long> summed(Map<String, Map<String, Long>> byGroup) {
        Map<String, Long> total = new LinkedHashMap<>();
        byGroup.values().forEach(counters -> counters.forEach((name, value) -> total.merge(name, value, Long::sum)));
        total.computeIfPresent("cluster_epoch", (name, sum) -> byGroup.values().stream()
                .mapToLong(c -> c.getOrDefault("cluster_epoch", 0L)).max().orElse(0));
        return total;
    }

    /**
     * Stores {@code newer} in every group it names, at each group's leader, and routes by it from
     * then on. Completes once every group has it; fails if a group has a map of a higher epoch
     * already, or has no leader within the group deadline.
     */
    public CompletableFuture<Void> publish(ClusterMap newer) {
        long until = System.nanoTime() + groupDeadline.toNanos();
        List<CompletableFuture<Void>> stored = newer.groups().stream().map(g -> storeIn(g, newer, until, 0)).toList();
        return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).thenRun(() -> adopt(newer));
    }

    /** Asks the group's nodes in turn until its leader has stored {@code newer} (or one of the same epoch: an earlier try's). */
    private CompletableFuture<Void> storeIn(ClusterMap.Group group, ClusterMap newer, long until, int attempt) {
        String address = group.nodes().get(attempt % group.nodes().size());
        return source(address).call(new ClusterProtocol.UpdateMap(newer)).handle((r, e) -> {
            if (r instanceof ClusterProtocol.UpdateAnswer answer) {
                if (answer.stored() || answer.epoch() == newer.epoch()) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                return CompletableFuture.<Void>failedFuture(new PatrickClientException("group " + group.id()
                        + " has a cluster map of epoch " + answer.epoch() + ", newer than " + newer.epoch()));
            }
            if (System.nanoTime() > until) {
                String why = e != null ? unwrap(e).getMessage() : String.valueOf(r);
                return CompletableFuture.<Void>failedFuture(new GroupUnavailableException(group, newer.rangesOf(group.id()),
                        new PatrickClientException("storing the cluster map: " + why)));
            }
            // Not the leader, no leader yet, or no answer: the next node, after a pause for an election.
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                    .thenCompose(later -> storeIn(group, newer, until, attempt + 1));
        }).thenCompose(Function.identity());
    }

    // ---- routing -------------------------------------------------------------------------

    private <T> CompletableFuture<T> routed(String key, Function<QuorumClient, CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        int slot = HashSlots.slotOf(key);
        attempt(key, slot, map.ownerOf(slot), operation, new ArrayList<>(), result);
        return result;
    }

    /** Sends the operation to {@code owner}; follows a {@code MOVED} answer to the group it names. */
    private <T> void attempt(String key, int slot, ClusterMap.Group owner, Function<QuorumClient, CompletableFuture<T>> operation,
                             List<String> trail, CompletableFuture<T> result) {
        ClusterMap routedBy = map;
        trail.add(owner.id() + " (epoch " + routedBy.epoch() + ")");
        CompletableFuture<T> sent;
        try {
            sent = operation.apply(groupClient(owner));
        } catch (RuntimeException e) { // an invalid key, say: refused before anything was sent
            result.completeExceptionally(e);
            return;
        }
        sent.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable e = unwrap(failure);
            Optional<Moved> moved = Moved.of(e);
            if (moved.isPresent()) {
                // BEGIN SOLUTION chapter4.part5
                if (trail.size() > MAX_REDIRECTS) {
                    result.completeExceptionally(new RoutingException(key, slot, trail));
                    return;
                }
                learn(moved.get()).whenComplete((learned, ignored) -> {
                    // The newer map's owner if the map changed; else where the answer pointed.
                    ClusterMap.Group next = map.epoch() > routedBy.epoch() ? map.ownerOf(slot)
                            : new ClusterMap.Group(moved.get().group(), moved.get().nodes());
                    attempt(key, slot, next, operation, trail, result);
                });
                // STUB: result.completeExceptionally(new UnsupportedOperationException("chapter4.part5: follow the MOVED answer (learn the newer map, go to the owner), at most MAX_REDIRECTS times"));
                // END SOLUTION
            } else if (isUnavailable(e)) {
                result.completeExceptionally(new GroupUnavailableException(owner, routedBy.rangesOf(owner.id()), e));
            } else {
                result.completeExceptionally(e);
            }
        });
    }

    /**
     * Fills {@code values} at {@code positions}: one multi-get per group, in parallel. {@code trail}
     * is where these positions were sent before, for the error if redirects go on for ever.
     */
    private CompletableFuture<Void> fill(List<String> keys, List<Integer> positions, Optional<Versioned>[] values,
                                         List<String> trail) {
        // BEGIN SOLUTION chapter4.part6
        ClusterMap routedBy = map;
        Map<ClusterMap.Group, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i : positions) {
            byGroup.computeIfAbsent(routedBy.ownerOfKey(keys.get(i)), g -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        byGroup.forEach((group, mine) -> {
            List<String> asked = mine.stream().map(keys::get).toList();
            parts.add(groupClient(group).multiGet(asked).handle((found, failure) -> {
                if (failure == null) {
                    for (int j = 0; j < mine.size(); j++) {
                        values[mine.get(j)] = found.get(j);
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                }
                Throwable e = unwrap(failure);
                Optional<Moved> moved = Moved.of(e);
                List<String> sentTo = new ArrayList<>(trail);
                sentTo.add(group.id() + " (epoch " + routedBy.epoch() + ")");
                if (moved.isPresent() && trail.size() < MAX_REDIRECTS) {
                    return learn(moved.get()).thenCompose(learned -> map.epoch() > routedBy.epoch()
                            ? fill(keys, mine, values, sentTo)
                            : one(keys, mine, values)); // no newer map: each key follows its own redirects
                }
                if (moved.isPresent()) {
                    String first = keys.get(mine.get(0));
                    return CompletableFuture.<Void>failedFuture(new RoutingException(first, HashSlots.slotOf(first), sentTo));
                }
                return CompletableFuture.<Void>failedFuture(isUnavailable(e)
                        ? new GroupUnavailableException(group, routedBy.rangesOf(group.id()), e) : e);
            }).thenCompose(Function.identity()));
        });
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
        // STUB: return CompletableFuture.failedFuture(new UnsupportedOperationException("chapter4.part6: one multi-get per group, in parallel, answers put back at their keys' positions"));
        // END SOLUTION
    }

    private CompletableFuture<Void> one(List<String> keys, List<Integer> positions, Optional<Versioned>[] values) {
        List<CompletableFuture<Optional<Versioned>>> gets = positions.stream().map(i -> get(keys.get(i))).toList();
        return CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)).thenRun(() -> {
            for (int j = 0; j < positions.size(); j++) {
                values[positions.get(j)] = gets.get(j).join();
            }
        });
    }

    /** Takes a newer map from the nodes a {@code MOVED} names, if it is newer than this client's. */
    private CompletableFuture<Void> learn(Moved moved) {
        if (moved.epoch() <= map.epoch()) {
            return CompletableFuture.completedFuture(null); // the redirecting node knows no more than we do
        }
        return fetchMap(moved.nodes()).thenAccept(found -> found.ifPresent(this::adopt));
    }

    private synchronized void adopt(ClusterMap newer) {
        if (map == null || newer.epoch() > map.epoch()) {
            map = newer;
        }
    }

    /** The first map one of {@code addresses} has, asking them in turn. */
    private CompletableFuture<Optional<ClusterMap>> fetchMap(List<String> addresses) {
        CompletableFuture<Optional<ClusterMap>> result = CompletableFuture.completedFuture(Optional.empty());
        for (String address : addresses) {
            result = result.thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found)
                    : source(address).call(new ClusterProtocol.GetMap())
                            .orTimeout(2, TimeUnit.SECONDS)
                            .handle((r, e) -> e == null && r instanceof ClusterProtocol.MapAnswer answer ? answer.map() : Optional.empty()));
        }
        return result;
    }

    private PatrickClient source(String address) {
        return mapSources.computeIfAbsent(address, a -> PatrickClient.create(ClientOptions.parse(a).withConnections(1)
                .withRequestTimeout(Duration.ofSeconds(2)).withProtocol(ClusterProtocol.v1()), loop));
    }

    private QuorumClient groupClient(ClusterMap.Group group) {
        return groups.computeIfAbsent(group, g -> QuorumClient.create(g.nodes(), groupDeadline));
    }

    /** Whether a failure means the group had no leader to answer (the group client gave up waiting for one). */
    private static boolean isUnavailable(Throwable e) {
        if (e instanceof ServerErrorException s) {
            return s.status().equals(Status.NOT_LEADER) || s.status().equals(Status.UNAVAILABLE);
        }
        return e instanceof ConnectionException || e instanceof RequestTimeoutException;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public void close() {
        groups.values().forEach(QuorumClient::close);
        mapSources.values().forEach(PatrickClient::close);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
