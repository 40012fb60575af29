package io.patrickdb.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.patrickdb.partitioning.HashSlots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One client of a cluster, as a cluster-aware Redis client or Patrick-DB's
 * {@code PartitionedClient} is: a connection ({@link NodeLink}) to every node that serves slots,
 * each request sent to the node that serves its key's slot, and a {@code MOVED} or
 * {@code NOT_LEADER} answer followed to the node it names, which from then on gets that slot's
 * requests (or, for {@code NOT_LEADER}, all of the old node's).
 *
 * <p>The client keeps {@code pipeline} requests in flight in all, over all its links, as a
 * {@link Connection} does over its one: the load offered does not grow with the number of nodes,
 * only where it goes. It preloads and loads exactly as a connection does, with the same
 * {@link Workload}. Its links share its event-loop thread, so none of this needs a lock.
 *
 * <p>The slot of each key is computed once per run ({@link #slotsOfKeys}), so routing a request
 * costs two array reads. A request's key and redirect count travel with it in its link's
 * {@link InFlight} table, so that a redirected request can be sent again; its latency counts
 * from its first send, detour included. A request redirected more than {@value #MAX_REDIRECTS}
 * times fails (a cluster whose nodes disagree, or a loop).
 *
 * <p>A node that knows no leader (an election: Patrick-DB's {@code NOT_LEADER} without a leader,
 * or {@code UNAVAILABLE}) gets the request again after {@link #RETRY_PAUSE_MILLIS} ms, as
 * {@code QuorumClient} does, for at most {@link #RETRY_FOR_MILLIS} ms after its first send; then
 * it fails. (Such a node, once it knows the new leader, forwards the requests there, so they are
 * answered, one hop longer, without the client learning who leads.)
 */
final class ClusterClient implements Client {
    static final int MAX_REDIRECTS = 5;
    static final long RETRY_PAUSE_MILLIS = 20;
    static final long RETRY_FOR_MILLIS = 10_000;

    private enum Phase { CONNECTED, PRELOADING, LOADING }

    private final WireProtocol protocol;
    private final Workload workload;
    private final RunState run;
    private final Bootstrap bootstrap;
    private final EventLoop eventLoop;
    private final int pipeline;
    private final int preloadPipeline;
    private final int keys;
    private final int step;
    private final int[] slotOfKey;
    private final NodeLink[] route = new NodeLink[HashSlots.SLOTS];
    private final Map<String, NodeLink> links = new HashMap<>();
    private final List<NodeLink> linkList = new CopyOnWriteArrayList<>();   // closed by the main thread
    private final List<ChannelFuture> connecting = new ArrayList<>();
    private int nextPreloadKey;
    private int inFlight;
    private Phase phase = Phase.CONNECTED;

    /**
     * A client that preloads keys {@code first, first + step, ...} below {@code keys} and then
     * keeps {@code pipeline} requests in flight, starting from {@code map}. Its connections run on
     * {@code bootstrap}'s event loop; {@code slotOfKey} is {@link #slotsOfKeys}'s.
     */
    ClusterClient(WireProtocol protocol, Workload workload, RunState run, Bootstrap bootstrap, int pipeline, int keys,
                  int first, int step, int[] slotOfKey, SlotMap map) {
        this.protocol = protocol;
        this.workload = workload;
        this.run = run;
        this.bootstrap = bootstrap;
        this.eventLoop = (EventLoop) bootstrap.config().group();
        this.pipeline = pipeline;
        this.preloadPipeline = Math.max(pipeline, Connection.PRELOAD_PIPELINE);
        this.keys = keys;
        this.step = step;
        this.slotOfKey = slotOfKey;
        this.nextPreloadKey = first;
        for (int slot = 0; slot < HashSlots.SLOTS; slot++) {
            route[slot] = link(map.ownerOf(slot));
        }
    }

    /** The slot of every key of a run of {@code keys} keys, as the workload spells them. */
    static int[] slotsOfKeys(Workload workload, int keys) {
        int[] slots = new int[keys];
        for (int key = 0; key < keys; key++) {
            slots[key] = HashSlots.slotOf(workload.key(key));
        }
        return slots;
    }

    /** The connections being made to the map's nodes: the run waits for them before it starts. */
    List<ChannelFuture> connecting() {
        return connecting;
    }

    /** The link to {@code address}, connecting one if the client has none. */
    private NodeLink link(String address) {
        NodeLink link = links.get(address);
        if (link == null) {
            link = new NodeLink(this, protocol, run, address, preloadPipeline);
            links.put(address, link);
            linkList.add(link);
            int colon = address.lastIndexOf(':');
            ChannelFuture future = bootstrap.clone().handler(link)
                    .connect(address.substring(0, colon).replace("[", "").replace("]", ""),
                            Integer.parseInt(address.substring(colon + 1)));
            future.addListener(f -> {
                if (!f.isSuccess()) {
                    run.fail("cannot connect to " + address + ": " + f.cause().getMessage());
                }
            });
            connecting.add(future);
        }
        return link;
    }

    @Override
    public void preload() {
        eventLoop.execute(this::startPreload);
    }

    @Override
    public void load() {
        eventLoop.execute(this::startLoad);
    }

    @Override
    public void close() {
        linkList.forEach(NodeLink::close);
    }

    private void startPreload() {
        phase = Phase.PRELOADING;
        while (inFlight < preloadPipeline && nextPreloadKey < keys) {
            sendPreload();
        }
        if (inFlight == 0) {
            preloadDone();   // more clients than keys: this one has none
        }
        flush();
    }

    private void sendPreload() {
        send(false, nextPreloadKey);
        nextPreloadKey += step;
    }

    private void preloadDone() {
        phase = Phase.CONNECTED;
        run.connectionPreloaded();
    }

    private void startLoad() {
        phase = Phase.LOADING;
        for (int i = 0; i < pipeline; i++) {
            sendRandom();
        }
        flush();
    }

    private void sendRandom() {
        boolean get = workload.nextIsGet();
        send(get, workload.nextKey());
    }

    private void send(boolean get, int key) {
        route[slotOfKey[key]].send(workload.key(key), get ? null : workload.randomValue(), request(key, get, 0));
        inFlight++;
    }

    /** Writes what every link has encoded: after a read, a request may have gone to any node. */
    void flush() {
        for (int i = 0; i < linkList.size(); i++) {
            linkList.get(i).flush();
        }
    }

    /** A link's answer to {@code request}, sent at {@code sentAt}; {@code error} is null unless it failed. */
    void answered(long request, long sentAt, long receivedAt, String error) {
        inFlight--;
        if (error != null) {
            run.error(error);
        }
        if (phase == Phase.PRELOADING) {
            run.keyLoaded();
            if (nextPreloadKey < keys) {
                sendPreload();
            } else if (inFlight == 0) {
                preloadDone();
            }
        } else if (phase == Phase.LOADING) {
            if (error == null) {
                run.recordLatency(TimeUnit.NANOSECONDS.toMicros(receivedAt - sentAt));
            }
            if (!run.isStopping()) {
                sendRandom();
            }
        }
    }

    /** {@code from} says {@code request} belongs elsewhere: the route changes, and the request goes there. */
    void redirected(NodeLink from, long request, long sentAt, long receivedAt, Redirect redirect) {
        if (redirect.isRetry()) {
            retry(from, request, sentAt, receivedAt, redirect);
            return;
        }
        run.redirected();
        int redirects = redirectsOf(request) + 1;
        if (redirects > MAX_REDIRECTS) {
            answered(request, sentAt, receivedAt, "redirected " + MAX_REDIRECTS + " times, the last by " + from + ": "
                    + redirect.message());
            return;
        }
        NodeLink to = link(target(redirect, from));
        if (redirect.slot() == Redirect.SAME_SLOTS) {
            for (int slot = 0; slot < route.length; slot++) {
                if (route[slot] == from) {
                    route[slot] = to;
                }
            }
        } else {
            route[redirect.slot()] = to;
        }
        int key = keyOf(request);
        boolean get = isGet(request);
        to.resend(workload.key(key), get ? null : workload.randomValue(), request(key, get, redirects), sentAt);
    }

    private void retry(NodeLink node, long request, long sentAt, long receivedAt, Redirect redirect) {
        run.retried();
        if (receivedAt - sentAt > TimeUnit.MILLISECONDS.toNanos(RETRY_FOR_MILLIS)) {
            answered(request, sentAt, receivedAt, "still no leader " + RETRY_FOR_MILLIS + " ms after the first try, at " + node + ": "
                    + redirect.message());
            return;
        }
        eventLoop.schedule(() -> {
            int key = keyOf(request);
            boolean get = isGet(request);
            node.resend(workload.key(key), get ? null : workload.randomValue(), request, sentAt);
            node.flush();
        }, RETRY_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Where a redirect sends the request: of the nodes it names, one the client is connected to
     * already (a Patrick-DB {@code MOVED} names all of a group's nodes, and the one connected to
     * is the one the client found leading), else the first. A Redis address of {@code :port} is
     * on the host of the node that answered.
     */
    private String target(Redirect redirect, NodeLink from) {
        String first = null;
        for (String node : redirect.nodes()) {
            String address = node.startsWith(":") ? from.host() + node : node;
            if (links.containsKey(address)) {
                return address;
            }
            first = first == null ? address : first;
        }
        return first;
    }

    // A request, as its link's InFlight keeps it: the key, then 7 bits of redirect count, then whether it is a get.

    private static long request(int key, boolean get, int redirects) {
        return (long) key << 8 | (long) redirects << 1 | (get ? 1 : 0);
    }

    private static int keyOf(long request) {
        return (int) (request >>> 8);
    }

    private static int redirectsOf(long request) {
        return (int) (request >>> 1) & 0x7f;
    }

    private static boolean isGet(long request) {
        return (request & 1) != 0;
    }
}
