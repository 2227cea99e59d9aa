package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.TrainingResult;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.sagemaker.SageMakerFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SageMaker reports a custom container's metrics only for the MetricDefinitions of the request, and gated JumpStart
 * models need their EULA accepted: the fake behaves so, and the client sends both.
 */
@ExtendWith(TraeLocalExtension.class)
class TrainingMetricsAndEulaTest {
    private final TraeLocal local;
    private final SageMakerFake sageMaker;

    TrainingMetricsAndEulaTest(TraeLocal local) {
        this.local = local;
        this.sageMaker = local.fake("sagemaker", new SageMakerFake(local.fake("logs", new CloudWatchLogsFake())));
    }

    private TrainingClient client() {
        return TrainingClient.builder().config(local.config()).pollInterval(Duration.ofMillis(5)).build();
    }

    private static TrainingJob.Builder jumpStart(String model, String type) {
        return TrainingJob.builder().jumpStartModel(model).instanceType(type).roleArn(TrainingClientTest.ROLE)
                .channel(InputChannel.s3("train", "s3://trae-training/data/train/")).outputPath("s3://trae-training/models/")
                .maxRuntime(Duration.ofHours(2)).hyperparameter("epochs", "4").overrideBudget(true);
    }

    @Test
    void start_whenJumpStartModelHasTrainingMetrics_sendsThemAndReportsTheMetrics() {
        try (TrainingClient training = client()) {
            TrainingResult r = training.start(jumpStart(SageMakerFake.DEFAULT_MODEL_ID, "ml.trn1.2xlarge").jobName("js-metrics").build())
                    .await(Duration.ofSeconds(30));
            JsonNode defs = sageMaker.createRequest("js-metrics").path("AlgorithmSpecification").path("MetricDefinitions");
            assertThat(defs).extracting(d -> d.path("Name").asText()).contains("epoch", "train:loss");
            assertThat(r.finalMetrics()).containsEntry("epoch", 4.0).containsKey("train:loss");
        }
    }

    @Test
    void start_whenTheJumpStartModelIsGatedAndTheEulaIsNotAccepted_refusesBeforeCreatingAnything() {
        try (TrainingClient training = client()) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> training.start(jumpStart(SageMakerFake.GATED_MODEL_ID,
                    "ml.g5.12xlarge").jobName("gated-1").build()).await(Duration.ofSeconds(30)));
            while (t != null && !(t instanceof TraeValidationException)) {
                t = t.getCause();
            }
            assertThat(t).isInstanceOf(TraeValidationException.class).hasMessageContaining("gated")
                    .hasMessageContaining("acceptEula(true)").hasMessageContaining("llama3Eula.txt");
        }
        assertThat(local.server("sagemaker").requests("CreateTrainingJob")).isEmpty();
    }

    @Test
    void start_whenTheEulaIsAccepted_sendsModelAccessConfigOnTheModelChannel() {
        try (TrainingClient training = client()) {
            training.start(jumpStart(SageMakerFake.GATED_MODEL_ID, "ml.g5.12xlarge").jobName("gated-2").acceptEula(true).build())
                    .await(Duration.ofSeconds(30));
        }
        JsonNode model = null;
        for (JsonNode ch : sageMaker.createRequest("gated-2").path("InputDataConfig")) {
            if (ch.path("ChannelName").asText().equals("model")) {
                model = ch;
            }
        }
        assertThat(model).isNotNull();
        assertThat(model.path("DataSource").path("S3DataSource").path("ModelAccessConfig").path("AcceptEula").asBoolean()).isTrue();
    }

    @Test
    void start_whenTheCallerDefinesMetrics_sendsThemWithTheHubOnesAndOverridesByName() {
        try (TrainingClient training = client()) {
            TrainingResult r = training.start(jumpStart(SageMakerFake.DEFAULT_MODEL_ID, "ml.trn1.2xlarge").jobName("js-user-metrics")
                    .metricDefinition("train:loss", "loss=([0-9.]+)").metricDefinition("epochs-seen", "epoch ([0-9]+)/").build())
                    .await(Duration.ofSeconds(30));
            JsonNode defs = sageMaker.createRequest("js-user-metrics").path("AlgorithmSpecification").path("MetricDefinitions");
            assertThat(defs).extracting(d -> d.path("Name").asText() + "=" + d.path("Regex").asText())
                    .containsExactlyInAnyOrder("epoch=epoch ([0-9]+) train", "train:loss=loss=([0-9.]+)", "epochs-seen=epoch ([0-9]+)/");
            assertThat(r.finalMetrics()).containsKeys("epoch", "train:loss", "epochs-seen");
        }
    }

    @Test
    void build_whenAMetricDefinitionIsInvalid_refusesBeforeAnyCall() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jumpStart(SageMakerFake.DEFAULT_MODEL_ID, "ml.trn1.2xlarge")
                .metricDefinition("loss", "no group").build()).isInstanceOf(TraeValidationException.class).hasMessageContaining("group");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jumpStart(SageMakerFake.DEFAULT_MODEL_ID, "ml.trn1.2xlarge")
                .metricDefinition("x".repeat(256), "(1)").build()).isInstanceOf(TraeValidationException.class);
        assertThat(local.server("sagemaker").requests()).isEmpty();
    }
}
