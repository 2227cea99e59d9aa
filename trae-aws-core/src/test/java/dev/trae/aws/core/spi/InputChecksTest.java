package dev.trae.aws.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.Test;

class InputChecksTest {
    @Test
    void text_whenWithinMax_returnsIt() {
        assertThat(InputChecks.text("jobQueue", "sim-queue", 9)).isEqualTo("sim-queue");
    }

    @Test
    void text_whenMissingOrBlank_isRequired() {
        for (String v : new String[] {null, "", " \t"}) {
            assertThatThrownBy(() -> InputChecks.text("reason", v, 10))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("reason"))
                    .hasMessage("reason: is required");
        }
    }

    @Test
    void text_whenLongerThanMax_namesTheLimitAndTheLengthButNotTheValue() {
        assertThatThrownBy(() -> InputChecks.text("logGroup", "x".repeat(11) + "secret", 10))
                .isInstanceOf(TraeValidationException.class)
                .hasMessage("logGroup: must be at most 10 characters, was 17");
    }

    @Test
    void range_whenOutside_namesTheBoundsAndTheValue_andBoundsAreIncluded() {
        assertThat(InputChecks.range("vcpus", 1, 1, 192)).isEqualTo(1);
        assertThat(InputChecks.range("vcpus", 192, 1, 192)).isEqualTo(192);
        assertThatThrownBy(() -> InputChecks.range("vcpus", 0, 1, 192)).hasMessage("vcpus: must be between 1 and 192, was 0");
        assertThatThrownBy(() -> InputChecks.range("vcpus", 193, 1, 192)).hasMessage("vcpus: must be between 1 and 192, was 193");
    }
}
