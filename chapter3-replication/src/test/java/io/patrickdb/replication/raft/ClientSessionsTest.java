package io.patrickdb.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("chapter3.raft")
@Tag("chapter3.part10")
class ClientSessionsTest {
    final AtomicInteger applied = new AtomicInteger();

    Supplier<byte[]> counting(String result) {
        return () -> {
            applied.incrementAndGet();
            return result.getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void aCommandSentTwiceIsAppliedOnceAndTheRepeatGetsTheFirstResult() {
        ClientSessions sessions = new ClientSessions(4);
        assertThat(sessions.apply("c1", 1, counting("first"))).isInstanceOf(ClientSessions.Outcome.Applied.class);
        ClientSessions.Outcome again = sessions.apply("c1", 1, counting("second"));
        assertThat(again).isInstanceOf(ClientSessions.Outcome.Repeated.class);
        assertThat(new String(((ClientSessions.Outcome.Repeated) again).result(), StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(applied).hasValue(1);
        assertThat(sessions.apply("c1", 2, counting("next"))).isInstanceOf(ClientSessions.Outcome.Applied.class);
        assertThat(sessions.apply("c1", 1, counting("late copy"))).as("older than the last: not applied")
                .isInstanceOf(ClientSessions.Outcome.Expired.class);
        assertThat(applied).hasValue(2);
    }

    @Test
    void theLeastRecentlyUsedSessionGoesFirstAndItsClientIsToldItsAnswerIsUnknown() {
        ClientSessions sessions = new ClientSessions(2);
        sessions.apply("c1", 1, counting("a"));
        sessions.apply("c2", 1, counting("b"));
        sessions.apply("c1", 2, counting("c")); // c1 used last: c2 is the eldest
        sessions.apply("c3", 1, counting("d"));
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.apply("c2", 1, counting("b again"))).as("c2's session was dropped; seq 1 is new to the table")
                .isInstanceOf(ClientSessions.Outcome.Applied.class);
        assertThat(sessions.apply("c3", 2, counting("e"))).isInstanceOf(ClientSessions.Outcome.Applied.class);
        assertThat(new ClientSessions(2).apply("c9", 3, counting("y"))).as("a number above 1 with no session")
                .isInstanceOf(ClientSessions.Outcome.Expired.class);
    }

    @Test
    void theTableSurvivesASnapshotWithItsOrderOfUse() {
        ClientSessions sessions = new ClientSessions(2);
        sessions.apply("c1", 1, counting("r0"));
        sessions.apply("c1", 2, counting("r1"));
        sessions.apply("c2", 1, counting("r2"));
        ClientSessions copy = ClientSessions.decode(sessions.encode(), 2);
        ClientSessions.Outcome repeated = copy.apply("c1", 2, counting("no"));
        assertThat(repeated).isInstanceOf(ClientSessions.Outcome.Repeated.class);
        assertThat(new String(((ClientSessions.Outcome.Repeated) repeated).result(), StandardCharsets.UTF_8)).isEqualTo("r1");
        copy.apply("c3", 1, counting("r3")); // c2 is now the eldest in the copy, as it would be in the original
        assertThat(copy.apply("c2", 2, counting("gone"))).isInstanceOf(ClientSessions.Outcome.Expired.class);
        assertThat(copy.encode()).isNotEmpty();
    }
}
