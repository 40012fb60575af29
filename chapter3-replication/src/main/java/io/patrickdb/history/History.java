package io.patrickdb.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the clients of a database saw: every operation they ran, with its invocation and
 * completion times. Kept in invocation order.
 *
 * <p>Two rules every history obeys, checked here: operation ids are unique, and a process runs
 * one operation at a time (its next invocation comes no earlier than the completion of the one
 * before, or the instant its client gave up on it). The second is Jepsen's rule too; it is what
 * lets a history file pair an answer with its request by process alone.
 *
 * @param operations the operations (copied, then sorted by invocation time and id)
 */
public record History(List<Operation> operations) {
    private static final Comparator<Operation> INVOCATION_ORDER =
            Comparator.comparingLong(Operation::invokedAt).thenComparingInt(Operation::id);

    public History {
        List<Operation> sorted = new ArrayList<>(operations);
        sorted.sort(INVOCATION_ORDER);
        operations = List.copyOf(sorted);
        requireUniqueIds(operations);
        requireOneOperationAtATimePerProcess(operations);
    }

    /** A history of {@code operations}. */
    public static History of(Operation... operations) {
        return new History(List.of(operations));
    }

    public int size() {
        return operations.size();
    }

    /**
     * The history split by key, keys in sorted order. Each part is a history of its own: the
     * checker checks the parts one by one (see {@link LinearizabilityChecker}).
     */
    public SortedMap<String, History> byKey() {
        Map<String, List<Operation>> parts = new HashMap<>();
        for (Operation op : operations) {
            parts.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        SortedMap<String, History> byKey = new TreeMap<>();
        parts.forEach((key, ops) -> byKey.put(key, new History(ops)));
        return byKey;
    }

    private static void requireUniqueIds(List<Operation> operations) {
        Set<Integer> seen = new HashSet<>();
        for (Operation op : operations) {
            if (!seen.add(op.id())) {
                throw new IllegalArgumentException("two operations have the id " + op.id());
            }
        }
    }

    private static void requireOneOperationAtATimePerProcess(List<Operation> operations) {
        Map<Long, Operation> previousOfProcess = new HashMap<>();
        for (Operation op : operations) {   // in invocation order
            Operation previous = previousOfProcess.put(op.process(), op);
            if (previous != null && previous.processFreeAt() > op.invokedAt()) {
                throw new IllegalArgumentException("process " + op.process() + " invokes op " + op.id() + " at "
                        + op.invokedAt() + " while its op " + previous.id() + " is still open");
            }
        }
    }
}
