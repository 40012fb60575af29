package io.patrickdb.replication.quorum;

import io.patrickdb.history.Call;
import io.patrickdb.history.HistoryRecorder;
import io.patrickdb.replication.protocol.SessionWrite;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A session write, sent and recorded in a history: done is ok, a version mismatch failed (nothing
 * changed), no answer is unknown (it may be applied later). Any other outcome is a bug of the
 * test's own making (a refused value, a missing key), so it fails the test. For the history
 * tests of this chapter and chapter 4's.
 */
public final class RecordedWrite {
    private RecordedWrite() {
    }

    /** Sends the write and records it; returns the failure if it got no answer, else empty. */
    public static Optional<RuntimeException> record(HistoryRecorder history, long process, String key, Call call,
                                                    Supplier<SessionWrite.Response> send) {
        HistoryRecorder.OpenOperation op = history.invoke(process, key, call);
        try {
            SessionWrite.Response r = send.get();
            if (r.outcome() == SessionWrite.Outcome.DONE) {
                op.ok();
            } else if (r.outcome() == SessionWrite.Outcome.VERSION_MISMATCH) {
                op.fail();
            } else {
                throw new AssertionError(call + " on " + key + ": " + r);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            op.unknown();
            return Optional.of(e);
        }
    }
}
