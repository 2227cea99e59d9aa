package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import dev.trae.aws.bedrock.model.CustomizationRequest;
import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.Test;

/** {@link CustomizationRequest}: builder, defaults, {@code toBuilder()} copies, required values (issue 14, one request idiom). */
class CustomizationRequestTest {
    private static CustomizationRequest.Builder full() {
        return CustomizationRequest.builder().jobName("job-1").customModelName("model-1").baseModelId("amazon.nova-lite-v1:0:300k")
                .roleArn("arn:aws:iam::123456789012:role/R").trainingJsonl("{}").bucket("bucket-1");
    }

    @Test
    void build_appliesDefaults() {
        CustomizationRequest r = full().build();
        assertThat(r.prefix()).isEmpty();
        assertThat(r.hyperParameters()).isEmpty();
        assertThat(r.kmsKeyId()).isEmpty();
        assertThat(r.pollInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void toBuilder_copiesEveryValue_andChangesOnlyWhatIsSet() {
        CustomizationRequest a = full().prefix("p").hyperParameter("epochCount", "2").kmsKeyId("alias/k")
                .pollInterval(Duration.ofSeconds(5)).build();
        assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
        CustomizationRequest b = a.toBuilder().jobName("job-2").hyperParameter("learningRate", "0.0001").build();
        assertThat(b.jobName()).isEqualTo("job-2");
        assertThat(b.hyperParameters()).containsExactlyInAnyOrderEntriesOf(Map.of("epochCount", "2", "learningRate", "0.0001"));
        assertThat(b).usingRecursiveComparison().ignoringFields("jobName", "hyperParameters").isEqualTo(a);
        // the original is unchanged: a builder never writes back into the request it came from
        assertThat(a.jobName()).isEqualTo("job-1");
        assertThat(a.hyperParameters()).containsOnlyKeys("epochCount");
    }

    @Test
    void build_withoutRequiredValue_namesIt() {
        assertThatThrownBy(() -> full().bucket(null).build()).isInstanceOfSatisfying(TraeValidationException.class,
                e -> assertThat(e.parameter()).isEqualTo("bucket"));
        assertThatThrownBy(() -> full().jobName(" ").build()).isInstanceOfSatisfying(TraeValidationException.class,
                e -> assertThat(e.parameter()).isEqualTo("jobName"));
    }

    @Test
    void toString_omitsTrainingData() {
        CustomizationRequest r = full().trainingJsonl("{\"secret\":\"do-not-print\"}").build();
        assertThat(r.toString()).doesNotContain("do-not-print").contains("trainingChars=");
    }
}
