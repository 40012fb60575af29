package io.patrickdb.history;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Wing and Gong's search for a linearization of one key's operations, with Lowe's memoisation,
 * as Porcupine does it. See the package documentation for the idea; this is the loop.
 *
 * <p>The search walks the {@link EventList} from its start. At a call event it tries to
 * linearize that operation next: if the model accepts it, and (operations linearized, new
 * state) is a pair not seen before, the operation's events are lifted out of the list, the old
 * state pushed, and the walk starts over from the first event. At a return event it is stuck:
 * that operation completed, so it should have been linearized by now, and no operation before
 * it in the list fits. It backtracks: pops the last linearized operation, puts its events back
 * and tries the next call after it. When only operations of unknown outcome are left, it has
 * found a linearization; when it is stuck with nothing to pop, there is none.
 *
 * @param <S> the model's state type
 */
final class WingGongSearch<S> {
    private final Model<S> model;
    private final List<Operation> operations;
    private final EventList events;

    private final BitSet linearized = new BitSet();
    /** (operations linearized, state) pairs already explored; a second visit can only fail again. */
    private final Set<Explored<S>> explored = new HashSet<>();
    private final List<Frame<S>> stack = new ArrayList<>();
    private S state;

    /** The deepest point the search reached, for the report of a failure. */
    private List<Operation> longestPrefix = null;
    private S stateAfterLongestPrefix;
    private List<Operation> candidatesAfterLongestPrefix;

    private record Explored<S>(BitSet linearized, S state) {
    }

    /** One linearized operation and the state before it, to return to on backtracking. */
    private record Frame<S>(int operation, S stateBefore) {
    }

    WingGongSearch(Model<S> model, List<Operation> operations) {
        this.model = model;
        this.operations = operations;
        this.events = new EventList(operations);
        this.state = model.initialState();
    }

    /** Runs the search for {@code key}'s operations, spending from {@code budget}. */
    KeyResult run(String key, RemainingBudget budget) {
        long stepsBefore = budget.steps();
        int event = events.first();
        while (!events.onlyUnknownLeft()) {
            if (!budget.spend()) {
                return new KeyResult.Undecided(key, operations.size(), budget.steps() - stepsBefore);
            }
            if (event != EventList.END && events.isCall(event)) {
                event = tryNext(event);
                continue;
            }
            rememberIfDeepest(event);
            if (stack.isEmpty()) {
                return new KeyResult.NotLinearizable(key, operations.size(), longestPrefix,
                        model.describe(stateAfterLongestPrefix), candidatesAfterLongestPrefix);
            }
            event = backtrack();
        }
        return new KeyResult.Linearizable(key, operations.size(), prefix());
    }

    /**
     * Tries to linearize the operation of call event {@code event} now.
     *
     * @return the event to look at next: the first of the list if it worked, else the one after
     */
    private int tryNext(int event) {
        // BEGIN SOLUTION chapter3.part1
        int operation = events.operation(event);
        Optional<S> after = model.step(state, operations.get(operation));
        if (after.isPresent()) {
            linearized.set(operation);
            if (explored.add(new Explored<>((BitSet) linearized.clone(), after.get()))) {
                stack.add(new Frame<>(operation, state));
                state = after.get();
                events.lift(operation);
                return events.first();
            }
            linearized.clear(operation);   // been here before, by another order: it failed then
        }
        return events.next(event);
        // STUB: throw new UnsupportedOperationException("chapter3.part1: linearize the call's operation now if the model allows it and the (linearized set, state) pair is new");
        // END SOLUTION
    }

    /** Undoes the last linearized operation; returns the event after its call, to try next. */
    private int backtrack() {
        Frame<S> top = stack.remove(stack.size() - 1);
        state = top.stateBefore();
        linearized.clear(top.operation());
        events.unlift(top.operation());
        return events.next(events.callOf(top.operation()));
    }

    /**
     * Stuck at {@code stuckAt} (a return event, or the end): if no earlier dead end was deeper,
     * remember the prefix, the state and the calls before {@code stuckAt}, which were all refused.
     */
    private void rememberIfDeepest(int stuckAt) {
        if (longestPrefix != null && stack.size() <= longestPrefix.size()) {
            return;
        }
        longestPrefix = prefix();
        stateAfterLongestPrefix = state;
        List<Operation> candidates = new ArrayList<>();
        for (int e = events.first(); e != stuckAt; e = events.next(e)) {
            candidates.add(operations.get(events.operation(e)));   // only calls come before the first return
        }
        candidatesAfterLongestPrefix = candidates;
    }

    private List<Operation> prefix() {
        List<Operation> prefix = new ArrayList<>(stack.size());
        for (Frame<S> frame : stack) {
            prefix.add(operations.get(frame.operation()));
        }
        return prefix;
    }
}
