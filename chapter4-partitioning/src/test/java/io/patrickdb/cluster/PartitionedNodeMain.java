package io.patrickdb.cluster;

import io.patrickdb.replication.quorum.QuorumNode;
import io.patrickdb.replication.quorum.QuorumNodeMain;
import io.patrickdb.server.ServerOptions;
import java.util.Arrays;

/**
 * A partitioned node in a child JVM: chapter 3's {@link QuorumNodeMain} arguments and
 * {@code group=ID}, the node's replica group. Prints {@code node serving PORT} as the
 * chapter 3 node does, so chapter 3's {@code QuorumGroup} starts, kills and restarts it.
 */
public final class PartitionedNodeMain {
    private PartitionedNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String group = Arrays.stream(args).filter(a -> a.startsWith("group=")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group=ID among " + Arrays.toString(args)))
                .substring("group=".length());
        QuorumNode.Options options = QuorumNodeMain.options(Arrays.stream(args).filter(a -> !a.startsWith("group=")).toArray(String[]::new));
        QuorumNode node = SlotGuard.startNode(group, options,
                ServerOptions.defaults().withIoThreads(1));
        System.out.println("node serving " + node.port());
        System.out.flush();
        Thread.currentThread().join(); // until SIGKILL or SIGTERM
    }
}
