package io.patrickdb.replication.quorum;

import io.patrickdb.server.ServerOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A quorum node in a child JVM, for the tests that kill, pause and restart nodes. Arguments:
 * {@code DATA-DIR NODE-ID PEERS [election-ticks=N] [snapshot-every=N] [join=true] [lease-reads=true]} where {@code PEERS} is
 * {@code id=host:port,...} (this node's own entry may have an empty address). It prints
 * {@code node serving PORT} once it serves, then runs until it is killed.
 */
public final class QuorumNodeMain {
    private QuorumNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        QuorumNode node = QuorumNode.start(options(args), ServerOptions.defaults().withIoThreads(1));
        System.out.println("node serving " + node.port());
        System.out.flush();
        Thread.currentThread().join(); // until SIGKILL or SIGTERM
    }

    /** The node's options from the arguments above (chapter 4's node main takes the same). */
    public static QuorumNode.Options options(String[] args) {
        Path dir = Path.of(args[0]);
        String id = args[1];
        Map<String, String> peers = new LinkedHashMap<>();
        for (String peer : args[2].split(",")) {
            String[] kv = peer.split("=", 2);
            peers.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        QuorumNode.Options options = QuorumNode.Options.of(id, dir, peers);
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            switch (kv[0]) {
                case "election-ticks" -> options = options.withElectionTicks(Integer.parseInt(kv[1]));
                case "snapshot-every" -> options = options.withSnapshotEvery(Long.parseLong(kv[1]));
                case "join" -> options = options.joining();
                case "lease-reads" -> options = options.withLeaseReads();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return options;
    }
}
