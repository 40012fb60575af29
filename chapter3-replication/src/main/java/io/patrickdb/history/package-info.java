/**
 * Histories and a linearizability checker: how chapter 3 proves, rather than hopes, that a
 * replicated Patrick-DB behaves like one copy of the data.
 *
 * <h2>Linearizability</h2>
 *
 * <p>A test runs clients against the database and records a {@link io.patrickdb.history.History}:
 * for every operation, when the client sent it, when the answer came, and the answer. The
 * database is <em>linearizable</em> (Herlihy and Wing, 1990) if the history could have come from a
 * single copy of the data that applied the operations one at a time, each at one instant between
 * its invocation and its completion. Two consequences make it the property users expect: once a
 * write has been acknowledged, every read that starts later sees it (or something newer); and once
 * any read has seen a value, no later read sees an older one. A stale read from a follower, a
 * write lost in a failover, a compare-and-set that succeeded on a value nobody wrote: each makes a
 * history that no single copy could produce.
 *
 * <p>Operations whose answer never came are the subtle part. A client that timed out does not
 * know whether its write happened; the write may even take effect long after the client gave up.
 * Such an operation has an {@link io.patrickdb.history.Outcome.Unknown unknown} outcome: its
 * completion is at plus infinity, and the checker may let it take effect at any instant after its
 * invocation, or never. A {@link io.patrickdb.history.Outcome.Fail failed} operation definitely did
 * not happen, and is simply dropped.
 *
 * <h2>The search</h2>
 *
 * <p>{@link io.patrickdb.history.LinearizabilityChecker} looks for such an order with Wing and
 * Gong's algorithm (1993). Put every invocation and every completion on one time line. Walk it from
 * the start: any operation invoked before the first completion could be the first to take effect;
 * try one, apply it to the {@link io.patrickdb.history.Model} (the sequential specification: a
 * {@link io.patrickdb.history.RegisterModel register}, or a
 * {@link io.patrickdb.history.KeyValueModel key-value map}), and if the model agrees with what the
 * operation returned, remove it from the time line and start again with the rest. If no candidate
 * fits, undo the last choice and try the next candidate instead. The history is linearizable if
 * every completed operation gets placed.
 *
 * <p>Backtracking alone takes exponential time: n concurrent writes can be ordered in n! ways.
 * Two ideas make it practical, both from Porcupine (Athalye, 2017), whose design this follows:
 *
 * <ul>
 *   <li><b>Memoisation</b> (Lowe, 2017). What is left to do depends only on which operations have
 *       been placed and on the model's state, not on the order they were placed in. So the search
 *       remembers every (set of placed operations, state) pair it has explored, the set as a
 *       bitset, and never explores a pair twice. Three writes of the same value placed in six
 *       orders lead to one state; with memoisation they are explored once. This is why model
 *       states must be immutable values with {@code equals} and {@code hashCode}.
 *   <li><b>Checking per key</b>. Linearizability is local: a history is linearizable exactly when,
 *       for every key, the operations on that key are (Herlihy and Wing's locality theorem;
 *       Porcupine calls using it P-compositionality). Searching k keys of n/k operations each costs
 *       k small exponentials instead of one big one.
 * </ul>
 *
 * <p>Checking linearizability is still NP-complete (Gibbons and Korach, 1997), so the checker
 * takes a {@link io.patrickdb.history.Budget}: a history it cannot decide in time is reported as
 * {@link io.patrickdb.history.Verdict#UNKNOWN unknown}, never as a verdict it did not reach.
 *
 * <h2>Reading the answer</h2>
 *
 * <p>For a key that is not linearizable the result names the operations the search could not
 * place: the longest prefix it managed to linearize, the model's state after it, and the
 * candidates for the next place, every one of which the model refused. Usually one of those
 * candidates is the culprit: a read that returned a value the register no longer (or never) held.
 *
 * <h2>Recording and files</h2>
 *
 * <p>{@link io.patrickdb.history.HistoryRecorder} records a history while clients run.
 * {@link io.patrickdb.history.PatrickDbFormat} writes and reads Patrick-DB's own text format;
 * {@link io.patrickdb.history.JepsenHistoryReader} reads Jepsen's EDN histories and Jepsen's log
 * lines, so the checker can be tested on real histories with known verdicts;
 * {@link io.patrickdb.history.HistoryReader} recognises which format a file is in.
 */
package io.patrickdb.history;
