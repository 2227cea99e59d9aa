package dev.trae.testkit.aws.bedrock;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.BedrockException;
import software.amazon.awssdk.services.bedrock.model.CreateModelCustomizationJobResponse;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelResponse;
import software.amazon.awssdk.services.bedrock.model.GetModelCustomizationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ListFoundationModelsResponse;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.ModelCustomizationJobStatus;

/**
 * Contract of {@link BedrockFake} (control plane, REST-JSON). The Bedrock reference pages and the AWS service model carry
 * no response examples for these operations, so the contract is the response model: every answer the fake gives uses only
 * modelled members with their types and enum values (modelLifecycle status, job status...) and parses through the real
 * {@link BedrockClient}. Invalid requests (body, path and query members) get ValidationException.
 */
class BedrockFakeContractTest {
    private FakeAwsServer server;
    private final BedrockFake fake = new BedrockFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private BedrockClient bedrock;

    @BeforeEach
    void start() {
        server = FakeAwsServer.start("bedrock");
        fake.install(server);
        bedrock = client(BedrockClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        bedrock.close();
        server.close();
    }

    @Test
    void catalogAndCustomization_fakeAnswers_areModelled() {
        ListFoundationModelsResponse models = bedrock.listFoundationModels(b -> b.byOutputModality("TEXT"));
        // inferenceTypesSupported: the real service answers INFERENCE_PROFILE for profile-only models although the InferenceType
        // enum lists only ON_DEMAND | PROVISIONED (observed: https://github.com/aws-samples/artifacts-and-tools-for-bedrock/issues/13)
        assertModelled(ListFoundationModelsResponse.class, raw.lastJson(), "INFERENCE_PROFILE");
        assertThat(models.modelSummaries()).isNotEmpty();
        GetFoundationModelResponse one = bedrock.getFoundationModel(b -> b.modelIdentifier("amazon.nova-micro-v1:0"));
        assertModelled(GetFoundationModelResponse.class, raw.lastJson(), "INFERENCE_PROFILE");
        assertThat(one.modelDetails().modelLifecycle().statusAsString()).isEqualTo("ACTIVE");
        ListInferenceProfilesResponse profiles = bedrock.listInferenceProfiles(b -> b.maxResults(5));
        assertModelled(ListInferenceProfilesResponse.class, raw.lastJson());
        assertThat(profiles.inferenceProfileSummaries()).hasSizeLessThanOrEqualTo(5);
        CreateModelCustomizationJobResponse job = bedrock.createModelCustomizationJob(b -> b.jobName("contract-job")
                .customModelName("contract-model").roleArn("arn:aws:iam::123456789012:role/bedrock-ft")
                .baseModelIdentifier("amazon.nova-micro-v1:0:128k").customizationType("FINE_TUNING")
                .trainingDataConfig(t -> t.s3Uri("s3://data/train.jsonl")).outputDataConfig(o -> o.s3Uri("s3://data/out/")));
        assertModelled(CreateModelCustomizationJobResponse.class, raw.lastJson());
        GetModelCustomizationJobResponse got = bedrock.getModelCustomizationJob(b -> b.jobIdentifier(job.jobArn()));
        assertModelled(GetModelCustomizationJobResponse.class, raw.lastJson());
        assertThat(got.status()).isIn(ModelCustomizationJobStatus.IN_PROGRESS, ModelCustomizationJobStatus.COMPLETED);
    }

    // required members, jobName pattern, roleArn pattern, customizationType enum:
    // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelCustomizationJob.html
    @Test
    void createModelCustomizationJob_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> bedrock.createModelCustomizationJob(b -> b.jobName("j").customModelName("m")
                .baseModelIdentifier("amazon.nova-micro-v1:0:128k").trainingDataConfig(t -> t.s3Uri("s3://d/t.jsonl"))
                .outputDataConfig(o -> o.s3Uri("s3://d/o/"))))
                .isInstanceOfSatisfying(BedrockException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Value null at 'roleArn'");
                });
        assertThatThrownBy(() -> bedrock.createModelCustomizationJob(b -> b.jobName("j").customModelName("m")
                .roleArn("arn:aws:iam::123456789012:role/r").baseModelIdentifier("amazon.nova-micro-v1:0:128k").customizationType("LORA")
                .trainingDataConfig(t -> t.s3Uri("s3://d/t.jsonl")).outputDataConfig(o -> o.s3Uri("s3://d/o/"))))
                .isInstanceOfSatisfying(BedrockException.class, e -> assertThat(e.getMessage()).contains("at 'customizationType'"));
        assertThatThrownBy(() -> bedrock.createModelCustomizationJob(b -> b.jobName("j").customModelName("m").roleArn("not-an-arn")
                .baseModelIdentifier("amazon.nova-micro-v1:0:128k").trainingDataConfig(t -> t.s3Uri("s3://d/t.jsonl"))
                .outputDataConfig(o -> o.s3Uri("s3://d/o/"))))
                .isInstanceOfSatisfying(BedrockException.class, e -> assertThat(e.getMessage()).contains("at 'roleArn'"));
    }

    // query members: byOutputModality enum (TEXT | IMAGE | EMBEDDING): API_ListFoundationModels.html;
    // maxResults 1..1000: API_ListInferenceProfiles.html
    @Test
    void queryMembers_areChecked() {
        assertThatThrownBy(() -> bedrock.listFoundationModels(b -> b.byOutputModality("SMELL")))
                .isInstanceOfSatisfying(BedrockException.class, e -> assertThat(e.getMessage()).contains("at 'byOutputModality'"));
        assertThatThrownBy(() -> bedrock.listInferenceProfiles(b -> b.maxResults(1001)))
                .isInstanceOfSatisfying(BedrockException.class, e -> assertThat(e.getMessage())
                        .contains("Member must have value less than or equal to 1000"));
    }
}
