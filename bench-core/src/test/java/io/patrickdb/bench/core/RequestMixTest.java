package io.patrickdb.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The requests a load sends: the get ratio, keys within the key space, the values. */
@Tag("bench-core")
class RequestMixTest {
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void theGetRatioDecidesTheOperation() {
        assertThat(IntStream.range(0, 1000).filter(i -> new RequestMix(10, 0, 1).nextIsGet(random))).isEmpty();
        assertThat(IntStream.range(0, 1000).allMatch(i -> new RequestMix(10, 1, 1).nextIsGet(random))).isTrue();
        long gets = IntStream.range(0, 10_000).filter(i -> new RequestMix(10, 0.9, 1).nextIsGet(random)).count();
        assertThat(gets).isBetween(8_800L, 9_200L);
    }

    @Test
    void keysAndValuesAreWithinTheirRanges() {
        RequestMix mix = new RequestMix(5, 0.5, 3);
        assertThat(IntStream.range(0, 1000).map(i -> mix.nextKey(random)).distinct().sorted()).containsExactly(0, 1, 2, 3, 4);
        assertThat(IntStream.range(0, 1000).map(i -> mix.nextValue(random))).allMatch(v -> v >= 0 && v < RequestMix.VALUES);
        byte[][] values = mix.randomValues(random);
        assertThat(values.length).isEqualTo(RequestMix.VALUES);
        assertThat(List.of(values)).allSatisfy(value -> assertThat(value).hasSize(3));
    }
}
