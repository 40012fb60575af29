package io.patrickdb.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patrickdb.bench.core.RequestMix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The request-id table, and the keys the workload makes. */
@Tag("final.bench")
class InFlightTest {

    @Test
    void idsCountFromOneAndRememberTheirSendTime() {
        InFlight inFlight = new InFlight(2);
        assertThat(inFlight.add()).isEqualTo(1);
        assertThat(inFlight.add()).isEqualTo(2);
        inFlight.sent(100);
        assertThat(inFlight.remove(2)).isEqualTo(100);
        assertThat(inFlight.add()).isEqualTo(3);
        inFlight.sent(200);
        assertThat(inFlight.remove(1)).isEqualTo(100);
        assertThat(inFlight.remove(3)).isEqualTo(200);
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void anIdWhoseSlotIsHeldByASlowRequestIsSkipped() {
        InFlight inFlight = new InFlight(2);   // 4 slots
        int slow = inFlight.add();
        for (int i = 0; i < 3; i++) {
            int id = inFlight.add();
            inFlight.sent(i);
            inFlight.remove(id);   // ids 2, 3, 4 answered while 1 waits
        }
        assertThat(inFlight.add()).as("5 shares a slot with 1").isEqualTo(6);
        assertThat(inFlight.remove(slow)).as("sent with id 2").isEqualTo(0);
    }

    @Test
    void aResentRequestKeepsWhatItIsAndItsFirstSendTime() {
        InFlight inFlight = new InFlight(2);
        int first = inFlight.add(42L << 8);
        inFlight.sent(100);
        int resent = inFlight.addResent(inFlight.request(first) | 2, 50);
        inFlight.sent(300);   // stamps requests sent for the first time only
        assertThat(inFlight.request(resent)).isEqualTo(42L << 8 | 2);
        assertThat(inFlight.remove(resent)).isEqualTo(50);
        assertThat(inFlight.request(first)).isEqualTo(42L << 8);
        assertThat(inFlight.remove(first)).isEqualTo(100);
    }

    @Test
    void aResponseToARequestNotInFlightIsAProtocolError() {
        InFlight inFlight = new InFlight(4);
        inFlight.add();
        assertThatThrownBy(() -> inFlight.remove(2)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> inFlight.remove(0)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void keysAreFixedWidth() {
        SplittableRandom random = new SplittableRandom(1);
        RequestMix mix = new RequestMix(100_000, 0.9, 10);
        Workload workload = new Workload(mix, mix.randomValues(random), random);
        assertThat(new String(workload.key(12345), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("key:0000012345");
        assertThat(workload.randomKey()).hasSize(14);
        assertThat(workload.randomValue()).hasSize(10);
    }
}
