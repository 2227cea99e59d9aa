package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.NeuronSettings;
import org.junit.jupiter.api.Test;

class TrainingJobValidationTest {

    private static TrainingJob.Builder valid() {
        return TrainingJob.builder().trainingImage(TrainingClientTest.IMAGE).instanceType("ml.trn1.2xlarge").roleArn(TrainingClientTest.ROLE)
                .channel(InputChannel.s3("train", "s3://bucket-a/train/")).outputPath("s3://bucket-a/out/");
    }

    private static void rejects(TrainingJob.Builder b, String parameter) {
        assertThatThrownBy(b::build).isInstanceOf(TraeValidationException.class)
                .satisfies(e -> assertThat(((TraeValidationException) e).parameter()).isEqualTo(parameter));
    }

    @Test
    void build_whenValid_keepsEverything() {
        TrainingJob j = valid().instanceCount(2).hyperparameter("epochs", "3").build();
        assertThat(j.isTrainium()).isTrue();
        assertThat(j.outputPath().bucket()).isEqualTo("bucket-a");
        assertThat(j.toString()).contains("2 x ml.trn1.2xlarge");
    }

    @Test
    void build_whenUnknownInstanceType_rejects() {
        rejects(valid().instanceType("ml.trn9.mega"), "instanceType");
        rejects(valid().instanceType("trn1.2xlarge"), "instanceType");
        rejects(valid().instanceType(""), "instanceType");
        rejects(valid().instanceType(null), "instanceType");
    }

    @Test
    void build_whenRoleMissingOrMalformed_rejects() {
        rejects(valid().roleArn(null), "roleArn");
        rejects(valid().roleArn(" "), "roleArn");
        rejects(valid().roleArn("arn:aws:iam::123:role/x"), "roleArn");
        rejects(valid().roleArn("arn:aws:iam::123456789012:user/alice"), "roleArn");
    }

    @Test
    void build_whenS3UriMalformed_rejects() {
        rejects(valid().outputPath("https://bucket-a/out"), "outputPath");
        rejects(valid().outputPath("s3://Bad_Bucket/out"), "outputPath");
        rejects(valid().outputPath("s3://bucket-a/../../etc"), "outputPath");
        rejects(valid().outputPath("s3://bucket-a/a\u0000b"), "outputPath");
        rejects(valid().outputPath("s3://" + "b".repeat(64) + "/x"), "outputPath");
        rejects(valid().outputPath("s3://bucket-a/" + "k".repeat(2000)), "outputPath");
        rejects(valid().outputPath(null), "outputPath");
        assertThatThrownBy(() -> valid().channel(InputChannel.s3("val", "s3://x")).build()).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void build_whenHostileOrHugeValues_rejects() {
        rejects(valid().jobName("job name with spaces"), "jobName");
        rejects(valid().jobName("-starts-with-dash"), "jobName");
        rejects(valid().jobName("x".repeat(64)), "jobName");
        rejects(valid().trainingImage("evil.example/x:1"), "trainingImage");
        rejects(valid().trainingImage(null).jumpStartModel("../../x"), "jumpStartModel");
        rejects(valid().hyperparameter("lr", "x".repeat(2501)), "hyperparameters");
        rejects(valid().environment("BAD-NAME", "1"), "environment");
        rejects(valid().instanceCount(0), "instanceCount");
        rejects(valid().instanceCount(100_000), "instanceCount");
        rejects(valid().maxRuntime(Duration.ZERO), "maxRuntime");
        rejects(valid().maxRuntime(Duration.ofDays(60)), "maxRuntime");
        rejects(valid().volumeSizeGb(0), "volumeSizeGb");
        assertThatThrownBy(() -> InputChannel.s3("bad/name", "s3://bucket-a/x")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> InputChannel.s3("", "s3://bucket-a/x")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void build_whenAlgorithmMissingOrDoubled_rejects() {
        rejects(valid().trainingImage(null), "algorithm");
        rejects(valid().jumpStartModel("meta-textgenerationneuron-llama-2-7b"), "algorithm");
    }

    @Test
    void build_whenSpotWithoutCheckpointsOrShortWait_rejects() {
        rejects(valid().maxRuntime(Duration.ofHours(2)).managedSpot(Duration.ofHours(1), "s3://bucket-a/ckpt/"), "maxWait");
        rejects(valid().maxRuntime(Duration.ofHours(1)).managedSpot(Duration.ofHours(2), null), "checkpointUri");
    }

    @Test
    void build_whenNeuronOnGpuOrLocalDataMissing_rejects() {
        rejects(valid().instanceType("ml.g5.2xlarge").neuron(NeuronSettings.defaults()), "neuron");
        rejects(valid().channel(InputChannel.local("local", Path.of("/definitely/not/here"))).uploadPrefix("s3://bucket-a/up/"), "channel");
        rejects(valid().channel(InputChannel.local("local", Path.of("."))), "uploadPrefix");
        rejects(valid().channel(InputChannel.s3("train", "s3://bucket-a/again/")), "channels");
    }

    @Test
    void client_whenConfigOrBudgetInvalid_rejects() {
        assertThatThrownBy(() -> TrainingClient.builder().build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TrainingClient.builder().budgetUsd(-1)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TrainingClient.builder().budgetUsd(Double.NaN)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> InstancePriceTable.builder().price("ml.trn1.2xlarge", 0)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> InstancePriceTable.builder().price("<script>", 1)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void toString_whenConfiguredWithSecrets_neverShowsThem() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        TraeConfig config = TraeConfig.builder().credentials(TraeCredentials.staticKeys("AKIAIOSFODNN7EXAMPLE", secret)).build();
        try (TrainingClient c = TrainingClient.create(config); UltraClusterClient u = UltraClusterClient.create(config)) {
            assertThat(c.toString()).doesNotContain(secret);
            assertThat(u.toString()).doesNotContain(secret).doesNotContain("AKIAIOSFODNN7EXAMPLE");
        }
        assertThat(valid().build().toString()).doesNotContain(secret);
    }
}
