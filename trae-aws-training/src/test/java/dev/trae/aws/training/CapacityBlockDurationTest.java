package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Capacity Block durations are 1-14 days in 1-day steps, or 7-day multiples up to 182 days
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-purchase.html): anything else is refused before
 * DescribeCapacityBlockOfferings is sent.
 */
@ExtendWith(TraeLocalExtension.class)
class CapacityBlockDurationTest {
    private final TraeLocal local;

    CapacityBlockDurationTest(TraeLocal local) {
        this.local = local;
        local.fake("ec2", new Ec2Fake());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -24, 1, 23, 25, 36, 360, 384, 400, 480, 505, 528, 4369, 4392, 4536})
    void findCapacityBlocks_whenTheDurationIsNotOneAwsOffers_refusesBeforeAnyCall(int hours) {
        Instant now = Instant.now();
        try (UltraClusterClient clusters = UltraClusterClient.builder().config(local.config()).build()) {
            assertThatThrownBy(() -> clusters.findCapacityBlocks("trn1.32xlarge", 2, hours, now, now.plus(Duration.ofDays(200))))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("durationHours")
                    .hasMessageContaining("1 to 14 days in 1-day steps, or 7-day multiples up to 182 days").hasMessageContaining("was " + hours);
        }
        assertThat(local.server("ec2").requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 48, 168, 336, 504, 672, 2184, 4368})
    void checkCapacityBlockDuration_whenTheDurationIsOneAwsOffers_accepts(int hours) {
        assertThatCode(() -> UltraClusterClient.checkCapacityBlockDuration(hours)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {400})
    void checkCapacityBlockDuration_whenRefused_namesTheNearestDurations(int hours) {
        assertThatThrownBy(() -> UltraClusterClient.checkCapacityBlockDuration(hours)).hasMessageContaining("nearest: 336 or 504");
    }
}
