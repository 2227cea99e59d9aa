package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.training.model.CostEstimate;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.JumpStartModel;
import dev.trae.aws.training.model.TrainingResult;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.sagemaker.SageMakerFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TraeLocalExtension.class)
class TrainingClientTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerTraining";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trae-train:1.0";

    private final TraeLocal local;
    private final SageMakerFake sageMaker;
    private final CloudWatchLogsFake logs;

    TrainingClientTest(TraeLocal local) {
        this.local = local;
        this.logs = local.fake("logs", new CloudWatchLogsFake());
        this.sageMaker = local.fake("sagemaker", new SageMakerFake(logs));
        local.s3().createBucket("trae-training");
    }

    @BeforeEach
    void setUp() {
        sageMaker.trainingPolls(4);
    }

    /** A price the tests set themselves (not an AWS figure): the default table holds only AWS-sourced prices. */
    static final InstancePriceTable TEST_PRICES = InstancePriceTable.builder()
            .price("ml.trn1.2xlarge", 1.34, "test price, not an AWS figure", java.time.LocalDate.now(java.time.ZoneOffset.UTC)).build();

    private TrainingClient client(TraeConfig config, Double budget) {
        TrainingClient.Builder b = TrainingClient.builder().config(config).pollInterval(Duration.ofMillis(5)).priceTable(TEST_PRICES);
        if (budget != null) {
            b.budgetUsd(budget);
        }
        return b.build();
    }

    private static TrainingJob.Builder imageJob() {
        return TrainingJob.builder().trainingImage(IMAGE).instanceType("ml.trn1.2xlarge").roleArn(ROLE)
                .channel(InputChannel.s3("train", "s3://trae-training/data/train/"))
                .outputPath("s3://trae-training/models/").maxRuntime(Duration.ofHours(2)).hyperparameter("epochs", "4");
    }

    @Test
    void start_whenJobCompletes_reportsArtifactsBillableSecondsAndProgress() {
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<String> logLines = Collections.synchronizedList(new ArrayList<>());
        try (TrainingClient training = client(local.config(), 10.0)) {
            // a custom image reports metrics only for the definitions sent (https://docs.aws.amazon.com/sagemaker/latest/dg/training-metrics.html)
            TrainingJob spec = imageJob().jobName("llama-ft-1").logListener(logLines::add)
                    .metricDefinition("epoch", "epoch ([0-9]+) train").metricDefinition("train:loss", "train:loss=([0-9.]+)").build();
            TraeJob<TrainingResult> job = training.start(spec);
            job.onProgress(events::add);
            TrainingResult r = job.await(Duration.ofSeconds(30));
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.status()).isEqualTo("Completed");
            assertThat(r.modelArtifacts()).contains("s3://trae-training/models/llama-ft-1/output/model.tar.gz");
            assertThat(r.billableSeconds()).isPositive();
            assertThat(r.actualCostUsd()).hasValueSatisfying(c -> assertThat(c).isCloseTo(r.billableSeconds() * 1.34 / 3600, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(r.finalMetrics()).containsEntry("epoch", 4.0).containsKey("train:loss");
            assertThat(r.transitions()).extracting(t -> t.status()).containsExactly("Starting", "Downloading", "Training", "Uploading", "Completed");
            assertThat(events).extracting(ProgressEvent::phase).contains("Starting", "Downloading", "Training", "Uploading", "Completed");
            assertThat(events).extracting(ProgressEvent::done).isSorted();
            assertThat(events.get(events.size() - 1).done()).isEqualTo(100);
            assertThat(logLines).anyMatch(l -> l.contains("epoch 4 train:loss="));
            JsonNode req = sageMaker.createRequest("llama-ft-1");
            assertThat(req.path("ResourceConfig").path("InstanceType").asText()).isEqualTo("ml.trn1.2xlarge");
            assertThat(req.path("Environment").path("NEURON_CC_FLAGS").asText()).isEqualTo("--model-type=transformer");
            assertThat(req.path("HyperParameters").path("epochs").asText()).isEqualTo("4");
        }
    }

    @Test
    void estimate_whenTrn1_usesTheConfiguredPrice() {
        try (TrainingClient training = client(local.config(), 5.0)) {
            CostEstimate e = training.estimate(imageJob().instanceCount(2).build());
            assertThat(e.hourlyUsd()).contains(1.34);
            assertThat(e.instanceHours()).isEqualTo(4.0);
            assertThat(e.maxCostUsd()).hasValueSatisfying(c -> assertThat(c).isCloseTo(5.36, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(e.withinBudget()).isFalse();
            assertThat(e.toString()).contains("$5.36").contains("OVER");
        }
    }

    @Test
    void start_whenOverBudget_refusesBeforeAnyCall() {
        try (TrainingClient training = client(local.config(), 1.0)) {
            assertThatThrownBy(() -> training.start(imageJob().build()))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("budget").hasMessageContaining("$2.68");
            assertThat(local.server("sagemaker").requests()).isEmpty();
        }
    }

    @Test
    void start_whenOverBudgetButOverridden_launches() {
        try (TrainingClient training = client(local.config(), 1.0)) {
            TrainingResult r = training.start(imageJob().overrideBudget(true).build()).await(Duration.ofSeconds(30));
            assertThat(r.status()).isEqualTo("Completed");
        }
    }

    @Test
    void start_whenBudgetSetAndPriceUnknown_refuses() {
        try (TrainingClient training = client(local.config(), 100.0)) {
            // a type the table does not know at all (neither ml.g4dn.xlarge nor g4dn.xlarge)
            assertThatThrownBy(() -> training.start(imageJob().instanceType("ml.g4dn.xlarge").build()))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("no price is known for ml.g4dn.xlarge")
                    .hasMessageContaining(".price(\"ml.g4dn.xlarge\", usdPerHour, sourceUrl, date)");
        }
    }

    @Test
    void start_whenJumpStartModel_resolvesImageArtifactsAndScript() {
        try (TrainingClient training = client(local.config(), null)) {
            JumpStartModel m = training.resolveJumpStart(SageMakerFake.DEFAULT_MODEL_ID, java.util.Optional.empty());
            assertThat(m.trainingImage()).contains("pytorch-training-neuronx");
            assertThat(m.supportedInstanceTypes()).contains("ml.trn1.2xlarge");
            TrainingJob spec = TrainingJob.builder().jumpStartModel(SageMakerFake.DEFAULT_MODEL_ID).instanceType("ml.trn1.2xlarge")
                    .roleArn(ROLE).channel(InputChannel.s3("train", "s3://trae-training/data/")).outputPath("s3://trae-training/out/")
                    .jobName("js-1").hyperparameter("max_steps", "50").build();
            TrainingResult r = training.start(spec).await(Duration.ofSeconds(30));
            assertThat(r.status()).isEqualTo("Completed");
            JsonNode req = sageMaker.createRequest("js-1");
            assertThat(req.path("AlgorithmSpecification").path("TrainingImage").asText()).isEqualTo(m.trainingImage());
            assertThat(req.path("HyperParameters").path("sagemaker_submit_directory").asText()).isEqualTo(m.trainingScriptUri().orElseThrow());
            assertThat(req.path("HyperParameters").path("max_steps").asText()).isEqualTo("50");
            assertThat(req.path("HyperParameters").path("learning_rate").asText()).isEqualTo("0.0001");
            List<String> channels = new ArrayList<>();
            req.path("InputDataConfig").forEach(c -> channels.add(c.path("ChannelName").asText()));
            assertThat(channels).containsExactly("model", "train");
        }
    }

    @Test
    void start_whenJumpStartModelUnknown_failsWithServiceError() {
        try (TrainingClient training = client(local.config(), null)) {
            TrainingJob spec = TrainingJob.builder().jumpStartModel("no-such-model").instanceType("ml.trn1.2xlarge").roleArn(ROLE)
                    .outputPath("s3://trae-training/out/").build();
            assertThatThrownBy(() -> training.start(spec).await(Duration.ofSeconds(30))).isInstanceOf(TraeServiceException.class)
                    .hasMessageContaining("no-such-model");
            assertThat(sageMaker.jobNames()).doesNotContain("no-such-model");
        }
    }

    @Test
    void start_whenLocalChannel_uploadsUnderKmsAndPointsTheChannelThere(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("train");
        Files.createDirectories(data.resolve("part"));
        Files.writeString(data.resolve("a.jsonl"), "{\"text\":\"hello\"}\n");
        Files.writeString(data.resolve("part/b.jsonl"), "{\"text\":\"world\"}\n");
        dev.trae.testkit.wire.FakeAwsServer proxy = local.s3().faultProxy();
        TraeConfig config = local.configBuilder().endpoint("s3", proxy.endpoint()).kmsKeyProvider(new AliasKey("alias/trae-training")).build();
        try (TrainingClient training = client(config, null)) {
            TrainingJob spec = TrainingJob.builder().trainingImage(IMAGE).instanceType("ml.g5.2xlarge").roleArn(ROLE)
                    .channel(InputChannel.local("train", data)).uploadPrefix("s3://trae-training/uploads").outputPath("s3://trae-training/out/")
                    .jobName("upload-1").build();
            assertThat(training.start(spec).await(Duration.ofSeconds(30)).status()).isEqualTo("Completed");
        }
        assertThat(local.s3().client().getObjectAsBytes(b -> b.bucket("trae-training").key("uploads/upload-1/train/part/b.jsonl")).asUtf8String())
                .contains("world");
        assertThat(proxy.requests("PUT")).hasSize(2).allSatisfy(put -> {
            assertThat(put.header("x-amz-server-side-encryption")).contains("aws:kms");
            assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id")).contains("alias/trae-training");
        });
        JsonNode req = sageMaker.createRequest("upload-1");
        assertThat(req.path("InputDataConfig").get(0).path("DataSource").path("S3DataSource").path("S3Uri").asText())
                .isEqualTo("s3://trae-training/uploads/upload-1/train/");
        assertThat(req.path("OutputDataConfig").path("KmsKeyId").asText()).isEqualTo("alias/trae-training");
        assertThat(req.path("Environment").has("NEURON_CC_FLAGS")).isFalse();
    }

    @Test
    void start_whenDescribeIsThrottled_retriesAndCompletes() {
        local.server("sagemaker").faults().next("DescribeTrainingJob", 3, Fault.throttle());
        local.server("sagemaker").faults().next("CreateTrainingJob", 1, Fault.status(503, "ServiceUnavailable"));
        try (TrainingClient training = client(local.config(), null)) {
            TrainingResult r = training.start(imageJob().jobName("throttled-1").build()).await(Duration.ofSeconds(30));
            assertThat(r.status()).isEqualTo("Completed");
            assertThat(local.server("sagemaker").count("CreateTrainingJob")).isEqualTo(2);
            assertThat(sageMaker.jobNames().stream().filter("throttled-1"::equals)).hasSize(1);
        }
    }

    @Test
    void start_whenJobFails_raisesWithTheReason() {
        sageMaker.failNextJob("Training", "AlgorithmError: loss is NaN");
        try (TrainingClient training = client(local.config(), null)) {
            TraeJob<TrainingResult> job = training.start(imageJob().jobName("fails-1").build());
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(30))).isInstanceOf(TrainingJobFailedException.class)
                    .hasMessageContaining("AlgorithmError: loss is NaN");
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        }
    }

    @Test
    void cancel_whenRunning_stopsTheSageMakerJob() throws Exception {
        sageMaker.trainingPolls(100_000);
        try (TrainingClient training = TrainingClient.builder().config(local.config()).pollInterval(Duration.ofMillis(20)).build()) {
            TraeJob<TrainingResult> job = training.start(imageJob().jobName("cancel-1").build());
            long deadline = System.currentTimeMillis() + 10_000;
            while (job.progress().map(e -> !e.phase().equals("Training")).orElse(true) && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(30))).isInstanceOf(TraeCancelledException.class)
                    .hasMessage("training job cancel-1 was cancelled and stopped in SageMaker");
            assertThat(local.server("sagemaker").count("StopTrainingJob")).isEqualTo(1);
            // the stop wait ran until SageMaker reported the job ended
            assertThat(job.progress().orElseThrow().message()).isEqualTo("job ended as Stopped");
            assertThat(sageMaker.status("cancel-1")).isEqualTo("Stopped");
        }
    }

    @Test
    void start_whenSpot_setsCheckpointsAndReportsLowerBillableTime() {
        try (TrainingClient training = client(local.config(), null)) {
            TrainingResult r = training.start(imageJob().jobName("spot-1")
                    .managedSpot(Duration.ofHours(3), "s3://trae-training/checkpoints/spot-1/").build()).await(Duration.ofSeconds(30));
            JsonNode req = sageMaker.createRequest("spot-1");
            assertThat(req.path("EnableManagedSpotTraining").asBoolean()).isTrue();
            assertThat(req.path("StoppingCondition").path("MaxWaitTimeInSeconds").asInt()).isEqualTo(3 * 3600);
            assertThat(req.path("CheckpointConfig").path("S3Uri").asText()).isEqualTo("s3://trae-training/checkpoints/spot-1/");
            assertThat(r.billableSeconds()).isLessThan(r.trainingSeconds());
        }
    }

    /** A KMS provider stand-in that only names a key (trae-security provides the real one). */
    static final class AliasKey implements KmsKeyProvider {
        private final String id;

        AliasKey(String id) {
            this.id = id;
        }

        @Override
        public String keyId() {
            return id;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, Map<String, String> ctx) {
            throw new UnsupportedOperationException("not used by training");
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, Map<String, String> ctx) {
            throw new UnsupportedOperationException("not used by training");
        }

        @Override
        public OutputStream encryptingStream(OutputStream sink, Map<String, String> ctx) {
            throw new UnsupportedOperationException("not used by training");
        }

        @Override
        public InputStream decryptingStream(InputStream source, Map<String, String> ctx) {
            throw new UnsupportedOperationException("not used by training");
        }
    }
}
