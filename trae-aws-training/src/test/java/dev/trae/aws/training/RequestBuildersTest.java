package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.NeuronSettings;
import org.junit.jupiter.api.Test;

/** The training request types are built with builders and copied with toBuilder() (#14: one request idiom). */
class RequestBuildersTest {

    @Test
    void trainingJobToBuilder_whenUnchanged_buildsAnEqualJobAndChangesStayInTheCopy() {
        TrainingJob job = TrainingJob.builder().jobName("ft-1").trainingImage(TrainingClientTest.IMAGE).instanceType("ml.trn1.32xlarge")
                .instanceCount(2).roleArn(TrainingClientTest.ROLE).channel(InputChannel.s3("train", "s3://trae-bucket/data/"))
                .outputPath("s3://trae-bucket/out/").uploadPrefix("s3://trae-bucket/up").hyperparameter("epochs", "3").environment("A", "1")
                .metricDefinition("loss", "loss=([0-9.]+)").acceptEula(true).neuron(NeuronSettings.defaults())
                .managedSpot(Duration.ofHours(5), "s3://trae-bucket/ckpt/").maxRuntime(Duration.ofHours(4)).volumeSizeGb(200)
                .vpc(java.util.List.of("subnet-0abc12345678def01"), java.util.List.of("sg-0abc12345678def01")).overrideBudget(true).build();
        TrainingJob same = job.toBuilder().build();
        assertThat(same.toString()).isEqualTo(job.toString());
        assertThat(same.hyperparameters()).isEqualTo(job.hyperparameters());
        assertThat(same.environment()).isEqualTo(job.environment());
        assertThat(same.metricDefinitions()).isEqualTo(job.metricDefinitions());
        assertThat(same.channels()).isEqualTo(job.channels());
        assertThat(same.uploadPrefix()).isEqualTo(job.uploadPrefix());
        assertThat(same.outputPath()).isEqualTo(job.outputPath());
        assertThat(same.checkpointUri()).isEqualTo(job.checkpointUri());
        assertThat(same.maxWait()).isEqualTo(job.maxWait());
        assertThat(same.subnets()).isEqualTo(job.subnets());
        assertThat(same.securityGroupIds()).isEqualTo(job.securityGroupIds());
        assertThat(same.neuron()).isEqualTo(job.neuron());
        assertThat(same.acceptEula()).isTrue();
        assertThat(same.overrideBudget()).isTrue();
        assertThat(same.managedSpot()).isTrue();
        assertThat(same.volumeSizeGb()).isEqualTo(200);
        assertThat(same.instanceCount()).isEqualTo(2);

        TrainingJob more = job.toBuilder().jobName("ft-2").hyperparameter("epochs", "5").build();
        assertThat(more.jobName()).contains("ft-2");
        assertThat(more.hyperparameters()).containsEntry("epochs", "5");
        assertThat(job.jobName()).contains("ft-1");
        assertThat(job.hyperparameters()).containsEntry("epochs", "3");
    }

    @Test
    void trainingJobToBuilder_whenTheCopyIsInvalid_validatesAgain() {
        TrainingJob job = TrainingJob.builder().trainingImage(TrainingClientTest.IMAGE).instanceType("ml.trn1.2xlarge")
                .roleArn(TrainingClientTest.ROLE).channel(InputChannel.s3("train", "s3://trae-bucket/data/")).outputPath("s3://trae-bucket/out/")
                .neuron(NeuronSettings.defaults()).build();
        assertThatThrownBy(() -> job.toBuilder().instanceType("ml.g5.2xlarge").build())
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("Trainium");
    }

    @Test
    void ultraClusterSpecToBuilder_keepsEverySettingAndPicksTheDefaultAmiParameterForANewType() {
        UltraClusterSpec spec = UltraClusterSpec.builder().name("pretrain").instanceType("trn1.32xlarge").instanceCount(4)
                .capacity(Capacity.onDemandReservation()).availabilityZone("us-east-1a").subnetId("subnet-0abc12345678def01")
                .vpcId("vpc-0abc12345678def01").efaInterfaces(8).instanceProfile("TraeClusterSsm").tag("team", "ml").build();
        UltraClusterSpec same = spec.toBuilder().build();
        assertThat(same.toString()).isEqualTo(spec.toString());
        assertThat(same.tags()).isEqualTo(spec.tags());
        assertThat(same.subnetId()).isEqualTo(spec.subnetId());
        assertThat(same.vpcId()).isEqualTo(spec.vpcId());
        assertThat(same.availabilityZone()).isEqualTo(spec.availabilityZone());
        assertThat(same.instanceProfile()).isEqualTo(spec.instanceProfile());
        assertThat(same.capacity()).isEqualTo(spec.capacity());
        assertThat(same.amiParameter()).isEqualTo(UltraClusterSpec.NEURON_DLAMI_PARAMETER);

        UltraClusterSpec gpu = spec.toBuilder().instanceType("p5.48xlarge").build();
        assertThat(gpu.amiParameter()).isEqualTo(UltraClusterSpec.GPU_DLAMI_PARAMETER);
        assertThat(spec.instanceType()).isEqualTo("trn1.32xlarge");

        UltraClusterSpec pinned = spec.toBuilder().amiParameter("/my/ami").build().toBuilder().instanceType("p5.48xlarge").build();
        assertThat(pinned.amiParameter()).isEqualTo("/my/ami");
    }
}
