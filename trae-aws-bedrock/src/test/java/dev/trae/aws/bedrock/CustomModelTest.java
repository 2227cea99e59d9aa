package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import dev.trae.aws.bedrock.model.CustomModel;
import dev.trae.aws.bedrock.model.CustomizationRequest;
import dev.trae.aws.bedrock.model.HostingRequest;
import dev.trae.aws.bedrock.model.ModelEndpoint;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrock.BedrockFake;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stopping customization jobs on cancel, and using a custom model: on-demand deployments and Provisioned
 * Throughput against the control-plane fake, then converse with the resulting ARN on the runtime fake.
 */
@ExtendWith(TraeLocalExtension.class)
class CustomModelTest {
    private static final Duration FAST = Duration.ofMillis(10);
    private final TraeLocal local;
    private BedrockRuntimeFake runtime;
    private BedrockFake control;

    CustomModelTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() {
        runtime = local.fake("bedrock-runtime", new BedrockRuntimeFake());
        control = local.fake("bedrock", new BedrockFake());
        runtime.clear();
        runtime.controlPlane(control);
        local.resetAll();
        local.s3().createBucket("trae-train");
    }

    private static CustomizationRequest customization(String name, Duration poll) {
        return CustomizationRequest.builder().jobName(name).customModelName(name + "-model")
                .baseModelId("amazon.nova-lite-v1:0:300k").roleArn("arn:aws:iam::123456789012:role/BedrockFineTune")
                .trainingJsonl(GeneratorsTest.dataset(20)).bucket("trae-train").prefix("custom").kmsKeyId("alias/trae-training")
                .pollInterval(poll).build();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    // ------------------------------------------------------------------ cancel stops the AWS job

    @Test
    void cancel_whenCustomizationJobRuns_sendsStopModelCustomizationJob() throws Exception {
        control.trainingPolls(10_000);
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            TraeJob<CustomModel> job = mc.start(customization("stop-me", FAST));
            waitFor(() -> local.server("bedrock").count("GetModelCustomizationJob") >= 2);
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10))).isInstanceOf(TraeCancelledException.class)
                    .hasMessageStartingWith("model customization job stop-me was cancelled; StopModelCustomizationJob was sent");
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        }
        List<FakeRequest> stops = local.server("bedrock").requests("StopModelCustomizationJob");
        assertThat(stops).hasSize(1);
        String jobArn = stops.get(0).pathParam("jobIdentifier");
        assertThat(jobArn).contains(":model-customization-job/amazon.nova-lite-v1:0:300k/");
        assertThat(control.jobStatus("stop-me")).isEqualTo("Stopping");
    }

    @Test
    void cancel_whenAwsJobFinishedMeanwhile_toleratesConflictAndEndsCancelled() throws Exception {
        control.trainingPolls(10_000);
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            // a long poll interval: the job sleeps after its first poll, while AWS finishes the job
            TraeJob<CustomModel> job = mc.start(customization("finished-meanwhile", Duration.ofSeconds(30)));
            waitFor(() -> local.server("bedrock").count("GetModelCustomizationJob") >= 1);
            control.finishJob("finished-meanwhile");
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10))).isInstanceOf(TraeCancelledException.class);
        }
        // one Stop, answered with a ConflictException that is not retried; the finished job stays Completed
        assertThat(local.server("bedrock").count("StopModelCustomizationJob")).isEqualTo(1);
        assertThat(control.jobStatus("finished-meanwhile")).isEqualTo("Completed");
    }

    @Test
    void cancel_whenJobAlreadySucceeded_returnsFalseAndSendsNoStop() {
        control.trainingPolls(1);
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            TraeJob<CustomModel> job = mc.start(customization("done-already", FAST));
            job.await(Duration.ofSeconds(20));
            assertThat(job.cancel()).isFalse();
        }
        assertThat(local.server("bedrock").count("StopModelCustomizationJob")).isZero();
    }

    // ------------------------------------------------------------------ Nova base ids, polling failures

    @Test
    void start_withPlainNovaId_isRefusedNamingTheContextVariant_andTheFakeRefusesItToo() {
        CustomizationRequest plain = CustomizationRequest.builder().jobName("plain-id").customModelName("plain-id-model")
                .baseModelId("amazon.nova-lite-v1:0").roleArn("arn:aws:iam::123456789012:role/BedrockFineTune")
                .trainingJsonl(GeneratorsTest.dataset(20)).bucket("trae-train").prefix("custom").kmsKeyId("alias/trae-training")
                .pollInterval(FAST).build();
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            assertThatThrownBy(() -> mc.start(plain)).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("amazon.nova-lite-v1:0:300k");
            // Nova 2 Lite is fine-tuned from its 256k variant (custom-model-fine-tuning.html#custom-model-supported)
            assertThatThrownBy(() -> mc.start(plain.toBuilder().baseModelId("amazon.nova-2-lite-v1:0").build()))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("amazon.nova-2-lite-v1:0:256k");
        }
        assertThat(local.server("bedrock").count("CreateModelCustomizationJob")).isZero();
        // Bedrock itself refuses a plain inference id as a customization base
        try (var raw = dev.trae.aws.core.spi.AwsClients.of(local.config()).sync(ModelCatalog.SERVICE,
                software.amazon.awssdk.services.bedrock.BedrockClient::builder)) {
            assertThatThrownBy(() -> raw.createModelCustomizationJob(b -> b.jobName("raw-plain").customModelName("raw-plain-model")
                    .roleArn("arn:aws:iam::123456789012:role/BedrockFineTune").baseModelIdentifier("amazon.nova-lite-v1:0")
                    .trainingDataConfig(t -> t.s3Uri("s3://trae-train/x.jsonl")).outputDataConfig(o -> o.s3Uri("s3://trae-train/out/"))))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.bedrock.model.ValidationException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(400));
        }
    }

    @Test
    void start_withNova2LiteVariant_completes() {
        control.trainingPolls(1);
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            CustomModel model = mc.start(customization("nova2-tuned", FAST).toBuilder().baseModelId("amazon.nova-2-lite-v1:0:256k").build())
                    .await(Duration.ofSeconds(20));
            assertThat(model.modelArn()).contains(":custom-model/amazon.nova-2-lite-v1:0:256k/");
        }
    }

    @Test
    void poll_whenStatusCannotBeRead_namesTheRunningJob_andResumeWaitsForIt() throws Exception {
        control.trainingPolls(2);
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            local.server("bedrock").faults().always("GetModelCustomizationJob", Fault.status(500, "InternalServerException"));
            TraeJob<CustomModel> job = mc.start(customization("poll-fails", FAST));
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> job.await(Duration.ofSeconds(20)));
            assertThat(failure).isInstanceOfSatisfying(CustomizationPollingException.class, e -> {
                assertThat(e.jobId()).isEqualTo(job.id());
                assertThat(e.jobArn()).contains(":model-customization-job/amazon.nova-lite-v1:0:300k/");
                assertThat(e.getMessage()).contains("poll-fails").contains(e.jobArn()).contains("resume(\"" + job.id() + "\"");
            });
            assertThat(local.server("bedrock").count("StopModelCustomizationJob")).as("the job is not stopped").isZero();
            local.server("bedrock").faults().clear();
            CustomModel model = mc.resume(job.id(), customization("poll-fails", FAST)).await(Duration.ofSeconds(20));
            assertThat(model.modelArn()).contains(":custom-model/amazon.nova-lite-v1:0:300k/");
        }
        assertThat(local.server("bedrock").count("CreateModelCustomizationJob")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ idempotent creation (issue 14: ServiceClient, clientRequestToken)

    @Test
    void create_whenAnswerIsLostAfterBedrockCreatedTheJob_retriesWithTheSameToken_andOneJobExists() {
        control.trainingPolls(1);
        // Bedrock creates the job, then the connection drops before the answer: the caller cannot know it succeeded
        local.server("bedrock").faults().next("CreateModelCustomizationJob", 1, Fault.afterCommit());
        try (ModelCustomization mc = ModelCustomization.create(local.config())) {
            TraeJob<CustomModel> job = mc.start(customization("lost-answer", FAST));
            CustomModel model = job.await(Duration.ofSeconds(20));
            assertThat(model.modelArn()).contains(":custom-model/amazon.nova-lite-v1:0:300k/");

            List<FakeRequest> creates = local.server("bedrock").requests("CreateModelCustomizationJob");
            assertThat(creates).as("the create was sent again after the lost answer").hasSize(2);
            assertThat(creates).extracting(r -> r.json().path("clientRequestToken").asText()).containsOnly(job.id());
        }
        // the repeat was answered with the first job (same token): one job on the Bedrock side, not a second one
        assertThat(control.jobRequests()).containsOnlyKeys("lost-answer");
        assertThat(control.jobStatus("lost-answer")).isEqualTo("Completed");
    }

    @Test
    void deploy_whenAnswerIsLostAfterBedrockCreatedTheDeployment_retriesWithTheSameToken_andOneDeploymentExists() {
        String modelArn = control.putCustomModel("amazon.nova-lite-v1:0:300k", "lostanswer01");
        local.server("bedrock").faults().next("CreateCustomModelDeployment", 1, Fault.afterCommit());
        try (CustomModelHosting hosting = CustomModelHosting.create(local.config())) {
            ModelEndpoint endpoint = hosting.deploy(HostingRequest.onDemand(modelArn, "lost-answer-od").pollInterval(FAST))
                    .await(Duration.ofSeconds(10));
            List<FakeRequest> creates = local.server("bedrock").requests("CreateCustomModelDeployment");
            assertThat(creates).hasSize(2);
            assertThat(creates.get(1).json().path("clientRequestToken").asText())
                    .isEqualTo(creates.get(0).json().path("clientRequestToken").asText());
            assertThat(control.deploymentArns()).containsExactly(endpoint.arn());
            hosting.delete(endpoint);
        }
    }

    // ------------------------------------------------------------------ using the custom model

    @Test
    void deploy_afterCustomization_becomesActiveAndServesConverse() {
        control.trainingPolls(1);
        try (ModelCustomization mc = ModelCustomization.create(local.config());
             CustomModelHosting hosting = CustomModelHosting.create(local.config());
             TraeBedrockClient bedrock = TraeBedrockClient.create(local.config())) {
            CustomModel model = mc.start(customization("pump-tuned", FAST)).await(Duration.ofSeconds(20));
            // the custom model itself cannot be invoked on demand
            assertThatThrownBy(() -> bedrock.converse(c -> c.modelId(model.modelArn()).user("hi")))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

            List<String> phases = new CopyOnWriteArrayList<>();
            TraeJob<ModelEndpoint> job = hosting.deploy(HostingRequest.onDemand(model.modelArn(), "pump-tuned-od")
                    .description("tests").pollInterval(FAST));
            job.onProgress(e -> phases.add(e.phase()));
            ModelEndpoint endpoint = job.await(Duration.ofSeconds(10));

            assertThat(endpoint.kind()).isEqualTo(ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT);
            assertThat(endpoint.modelId()).matches("arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/[a-z0-9]{12}");
            assertThat(endpoint.modelArn()).isEqualTo(model.modelArn());
            assertThat(phases).contains("CREATING", "ACTIVE");
            var create = local.server("bedrock").requests("CreateCustomModelDeployment").get(0).json();
            assertThat(create.path("modelArn").asText()).isEqualTo(model.modelArn());
            assertThat(create.path("modelDeploymentName").asText()).isEqualTo("pump-tuned-od");
            assertThat(create.path("clientRequestToken").asText()).isEqualTo(job.id() + "-1");

            assertThat(bedrock.converse(c -> c.modelId(endpoint.modelId()).user("hello")).text()).isEqualTo("Answer to: hello");
            assertThat(local.server("bedrock-runtime").requests("Converse").get(1).pathParam("modelId")).isEqualTo(endpoint.arn());

            hosting.delete(endpoint);
            hosting.delete(endpoint); // idempotent: already gone is fine
            assertThat(control.deploymentArns()).isEmpty();
            assertThatThrownBy(() -> bedrock.converse(c -> c.modelId(endpoint.modelId()).user("hello")))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
    }

    @Test
    void provision_whenInService_servesConverseStreamWithProvisionedArn() {
        String customArn = control.putCustomModel("amazon.nova-lite-v1:0", "abcdef123456");
        try (CustomModelHosting hosting = CustomModelHosting.create(local.config());
             TraeBedrockClient bedrock = TraeBedrockClient.create(local.config())) {
            ModelEndpoint pt = hosting.provision(HostingRequest.provisioned(customArn, "pump-pt", 2)
                    .commitment(HostingRequest.Commitment.ONE_MONTH).pollInterval(FAST)).await(Duration.ofSeconds(10));
            assertThat(pt.kind()).isEqualTo(ModelEndpoint.Kind.PROVISIONED_THROUGHPUT);
            assertThat(pt.arn()).contains(":provisioned-model/");
            var create = local.server("bedrock").requests("CreateProvisionedModelThroughput").get(0).json();
            assertThat(create.path("modelId").asText()).isEqualTo(customArn);
            assertThat(create.path("modelUnits").asInt()).isEqualTo(2);
            assertThat(create.path("commitmentDuration").asText()).isEqualTo("OneMonth");
            assertThat(bedrock.converseStream(dev.trae.aws.bedrock.model.ConverseRequest.builder().modelId(pt.modelId()).user("stream")
                    .build(), dev.trae.aws.bedrock.model.StreamListener.noop()).await(Duration.ofSeconds(10)).text())
                    .isEqualTo("Answer to: stream");
            hosting.delete(pt);
        }
        assertThat(control.provisionedArns()).isEmpty();
        assertThat(local.server("bedrock").count("DeleteProvisionedModelThroughput")).isEqualTo(1);
    }

    @Test
    void deploy_whenDeploymentFails_deletesItAndFailsWithMessage() {
        String customArn = control.putCustomModel("amazon.nova-lite-v1:0", "fff000111222");
        control.failNextHosting("Insufficient capacity for the requested deployment");
        try (CustomModelHosting hosting = CustomModelHosting.create(local.config())) {
            TraeJob<ModelEndpoint> job = hosting.deploy(HostingRequest.onDemand(customArn, "will-fail").pollInterval(FAST));
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10))).isInstanceOf(TraeClientException.class)
                    .hasMessageContaining("Insufficient capacity");
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        }
        assertThat(control.deploymentArns()).isEmpty();
        assertThat(local.server("bedrock").count("DeleteCustomModelDeployment")).isEqualTo(1);
    }

    @Test
    void provision_whenNotReadyWithinMaxWait_deletesItAndTimesOut() {
        control.hostingPolls(100_000);
        try (CustomModelHosting hosting = CustomModelHosting.create(local.config())) {
            TraeJob<ModelEndpoint> job = hosting.provision(HostingRequest.provisioned("amazon.nova-lite-v1:0", "slow-pt", 1)
                    .pollInterval(FAST).maxWait(Duration.ofSeconds(1)));   // long enough for several polls on a loaded machine
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10))).isInstanceOf(TraeTimeoutException.class)
                    .hasMessageContaining("was not InService within");
        }
        assertThat(local.server("bedrock").count("GetProvisionedModelThroughput")).isGreaterThan(1);
        assertThat(control.provisionedArns()).isEmpty();
    }

    @Test
    void resume_afterCrashWithCreatedDeployment_pollsItWithoutCreatingAnother(@org.junit.jupiter.api.io.TempDir java.nio.file.Path jobs) {
        String customArn = control.putCustomModel("amazon.nova-lite-v1:0", "bbb000111222");
        var config = local.config().toBuilder().jobStore(dev.trae.aws.core.job.JobStore.directory(jobs)).build();
        // the state a killed process leaves: the deployment was created and its ARN checkpointed, then nothing
        String arn;
        try (var raw = dev.trae.aws.core.spi.AwsClients.of(config).sync(ModelCatalog.SERVICE,
                software.amazon.awssdk.services.bedrock.BedrockClient::builder)) {
            arn = raw.createCustomModelDeployment(b -> b.modelArn(customArn).modelDeploymentName("crashed-od")
                    .clientRequestToken("crashed-1")).customModelDeploymentArn();
        }
        dev.trae.aws.core.job.JobStore.directory(jobs).save(new dev.trae.aws.core.job.JobRecord("crashed", "bedrock-hosting",
                JobStatus.RUNNING, Map.of("arn", arn, "creations", "1"), "running", java.time.Instant.now()));
        try (CustomModelHosting hosting = CustomModelHosting.create(config)) {
            assertThatThrownBy(() -> hosting.resume("crashed", HostingRequest.provisioned(customArn, "crashed-od", 1)))
                    .as("a resume is checked like a start").isInstanceOf(TraeValidationException.class);
            TraeJob<ModelEndpoint> job = hosting.resume("crashed", HostingRequest.onDemand(customArn, "crashed-od").pollInterval(FAST));
            ModelEndpoint endpoint = job.await(Duration.ofSeconds(10));
            assertThat(endpoint.arn()).isEqualTo(arn);
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        }
        assertThat(local.server("bedrock").count("CreateCustomModelDeployment")).as("only the crashed run's").isEqualTo(1);
        assertThat(local.server("bedrock").count("GetCustomModelDeployment")).isGreaterThanOrEqualTo(1);
        assertThat(control.deploymentArns()).containsExactly(arn);
    }

    @Test
    void deploy_whenCancelled_deletesDeployment() throws Exception {
        control.hostingPolls(100_000);
        String customArn = control.putCustomModel("amazon.nova-lite-v1:0", "aaa000111222");
        try (CustomModelHosting hosting = CustomModelHosting.create(local.config())) {
            TraeJob<ModelEndpoint> job = hosting.deploy(HostingRequest.onDemand(customArn, "cancel-me").pollInterval(FAST));
            waitFor(() -> local.server("bedrock").count("GetCustomModelDeployment") >= 2);
            assertThat(control.deploymentArns()).hasSize(1);
            assertThat(job.cancel()).isTrue();
            // whether cancel() met the wait in its sleep, in a call or before a poll, the caller reads the same message
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10))).isInstanceOf(TraeCancelledException.class)
                    .hasMessage("custom model deployment cancel-me was cancelled; it was deleted");
        }
        assertThat(control.deploymentArns()).isEmpty();
    }

    @Test
    void hosting_withBadInput_isRefusedBeforeAnyCall() {
        String customArn = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0/abc123abc123";
        try (CustomModelHosting hosting = CustomModelHosting.create(local.config())) {
            assertThatThrownBy(() -> hosting.deploy(HostingRequest.onDemand("amazon.nova-lite-v1:0", "x")))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("modelArn"));
            assertThatThrownBy(() -> hosting.deploy(HostingRequest.onDemand(customArn, "bad name!")))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("name"));
            assertThatThrownBy(() -> hosting.deploy(HostingRequest.onDemand(customArn, "ok").commitment(HostingRequest.Commitment.SIX_MONTHS)))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("commitment"));
            assertThatThrownBy(() -> hosting.deploy(HostingRequest.onDemand(customArn, "ok").pollInterval(Duration.ZERO)))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("pollInterval"));
            assertThatThrownBy(() -> hosting.deploy(HostingRequest.provisioned(customArn, "pt", 1)))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("request"));
            assertThatThrownBy(() -> hosting.provision(HostingRequest.provisioned(customArn, "pt", 0)))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("modelUnits"));
            assertThatThrownBy(() -> hosting.provision(HostingRequest.provisioned("anthropic.claude-3-5-haiku-20241022-v1:0", "pt", 1)))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("modelId"));
            assertThatThrownBy(() -> hosting.provision(HostingRequest.provisioned(customArn, "pt", 1).maxWait(Duration.ofSeconds(-1))))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("maxWait"));
            assertThatThrownBy(() -> hosting.delete(new ModelEndpoint(ModelEndpoint.Kind.PROVISIONED_THROUGHPUT, customArn, "x", customArn)))
                    .isInstanceOfSatisfying(TraeValidationException.class, e -> assertThat(e.parameter()).isEqualTo("endpoint"));
        }
        assertThat(local.server("bedrock").requests()).isEmpty();
    }
}
