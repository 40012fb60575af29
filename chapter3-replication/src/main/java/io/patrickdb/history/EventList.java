package io.patrickdb.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The call and return events of a set of operations in time order: the list Wing and Gong's
 * search walks. It is a doubly linked list over arrays, so that the search can lift an
 * operation's two events out when it linearizes the operation and put them back, in the same
 * places, when it backtracks: both in constant time (Knuth's "dancing links").
 *
 * <p>An operation of unknown outcome has a call event and no return event: its return is at
 * plus infinity, after every event of the list.
 *
 * <p>Events are numbered {@code 0..n-1} in time order; {@code n} is the head, a sentinel before
 * the first; {@link #END} is past the last.
 */
final class EventList {
    /** The "next" of the last event. */
    static final int END = -1;

    private final int head;
    private final int[] next;
    private final int[] prev;
    private final int[] operationOf;   // event -> operation index
    private final boolean[] isCall;
    private final int[] callOf;        // operation index -> its call event
    private final int[] returnOf;      // operation index -> its return event, or END if unknown
    private int completedLeft;         // operations with a return event still in the list

    private record Event(long time, boolean isCall, int operation) {
    }

    /**
     * Events sorted by time; at equal times calls come first, so two operations whose times touch
     * count as concurrent (the clock cannot tell which came first, so the checker must not either).
     */
    private static final Comparator<Event> TIME_ORDER = Comparator.comparingLong(Event::time)
            .thenComparing(e -> !e.isCall())
            .thenComparingInt(Event::operation);

    EventList(List<Operation> operations) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            events.add(new Event(op.invokedAt(), true, i));
            if (op.completedAt() != Long.MAX_VALUE) {
                events.add(new Event(op.completedAt(), false, i));
            }
        }
        events.sort(TIME_ORDER);
        int n = events.size();
        head = n;
        next = new int[n + 1];
        prev = new int[n + 1];
        operationOf = new int[n];
        isCall = new boolean[n];
        callOf = new int[operations.size()];
        returnOf = new int[operations.size()];
        Arrays.fill(returnOf, END);
        for (int e = 0; e < n; e++) {
            Event event = events.get(e);
            operationOf[e] = event.operation();
            isCall[e] = event.isCall();
            if (event.isCall()) {
                callOf[event.operation()] = e;
            } else {
                returnOf[event.operation()] = e;
                completedLeft++;
            }
        }
        link(n);
    }

    /** Chains head, 0, 1, ..., n-1. */
    private void link(int n) {
        int previous = head;
        for (int e = 0; e < n; e++) {
            next[previous] = e;
            prev[e] = previous;
            previous = e;
        }
        next[previous] = END;
    }

    /** The first event still in the list, or {@link #END}. */
    int first() {
        return next[head];
    }

    int next(int event) {
        return next[event];
    }

    boolean isCall(int event) {
        return isCall[event];
    }

    int operation(int event) {
        return operationOf[event];
    }

    int callOf(int operation) {
        return callOf[operation];
    }

    /**
     * True when every operation left has an unknown outcome. Those can always be linearized at the
     * end, after everything, where they change nothing anyone saw: the search is done.
     */
    boolean onlyUnknownLeft() {
        return completedLeft == 0;
    }

    /** Removes the operation's events (it has been linearized). */
    void lift(int operation) {
        unlink(callOf[operation]);
        if (returnOf[operation] != END) {
            unlink(returnOf[operation]);
            completedLeft--;
        }
    }

    /** Puts back what {@link #lift} removed, in the reverse order, so every link is restored. */
    void unlift(int operation) {
        if (returnOf[operation] != END) {
            relink(returnOf[operation]);
            completedLeft++;
        }
        relink(callOf[operation]);
    }

    private void unlink(int event) {
        next[prev[event]] = next[event];
        if (next[event] != END) {
            prev[next[event]] = prev[event];
        }
    }

    /** Undoes {@link #unlink}: the event still remembers its neighbours. */
    private void relink(int event) {
        next[prev[event]] = event;
        if (next[event] != END) {
            prev[next[event]] = event;
        }
    }
}
