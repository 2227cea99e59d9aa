package dev.trae.testkit.aws.sagemaker;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeHubContentResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.OutputDataConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceConfig;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.StopTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.StoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;

/**
 * Contract of {@link SageMakerFake}. The SageMaker reference pages of CreateTrainingJob, DescribeTrainingJob,
 * StopTrainingJob and DescribeHubContent have no response examples (nor does the AWS service model): the contract is the
 * response model (only modelled members, types and enum values such as TrainingJobStatus) through the real
 * {@link SageMakerClient}. Invalid requests get ValidationException.
 */
class SageMakerFakeContractTest {
    private FakeAwsServer server;
    private final SageMakerFake fake = new SageMakerFake().trainingPolls(1);
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private SageMakerClient sm;

    @BeforeEach
    void start() {
        server = FakeAwsServer.start("sagemaker");
        fake.install(server);
        sm = client(SageMakerClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        sm.close();
        server.close();
    }

    private CreateTrainingJobResponse create(String name) {
        return sm.createTrainingJob(b -> b.trainingJobName(name).roleArn("arn:aws:iam::123456789012:role/trae-training")
                .algorithmSpecification(AlgorithmSpecification.builder().trainingImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1")
                        .trainingInputMode(TrainingInputMode.FILE).build())
                .outputDataConfig(OutputDataConfig.builder().s3OutputPath("s3://bucket/out/").build())
                .resourceConfig(ResourceConfig.builder().instanceType("ml.trn1.2xlarge").instanceCount(1).volumeSizeInGB(50).build())
                .stoppingCondition(StoppingCondition.builder().maxRuntimeInSeconds(3600).build()));
    }

    @Test
    void everyOperation_fakeAnswer_isModelledAndParses() {
        CreateTrainingJobResponse created = create("contract-job-1");
        assertModelled(CreateTrainingJobResponse.class, raw.lastJson());
        assertThat(created.trainingJobArn()).endsWith("training-job/contract-job-1");
        DescribeTrainingJobResponse d = sm.describeTrainingJob(b -> b.trainingJobName("contract-job-1"));
        assertModelled(DescribeTrainingJobResponse.class, raw.lastJson());
        assertThat(d.trainingJobStatus()).isNotNull();
        StopTrainingJobResponse stopped = sm.stopTrainingJob(b -> b.trainingJobName("contract-job-1"));
        assertModelled(StopTrainingJobResponse.class, raw.lastJson());
        assertThat(stopped).isNotNull();
        DescribeHubContentResponse hub = sm.describeHubContent(b -> b.hubName("SageMakerPublicHub").hubContentType("Model")
                .hubContentName(SageMakerFake.DEFAULT_MODEL_ID));
        assertModelled(DescribeHubContentResponse.class, raw.lastJson());
        assertThat(hub.hubContentDocument()).contains("TrainingEcrUri");
    }

    // TrainingJobName 1..63 matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}:
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html
    // HubContentType enum (Model | Notebook | ...): https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeHubContent.html
    @Test
    void invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> sm.describeTrainingJob(b -> b.trainingJobName("bad_name")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("at 'trainingJobName'").contains("regular expression pattern");
                });
        assertThatThrownBy(() -> sm.stopTrainingJob(b -> b.trainingJobName("x".repeat(64))))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.getMessage())
                        .contains("Member must have length less than or equal to 63"));
        assertThatThrownBy(() -> sm.describeHubContent(b -> b.hubName("SageMakerPublicHub").hubContentType("Dataset")
                .hubContentName("m")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.getMessage())
                        .contains("at 'hubContentType'").contains("enum value set"));
        assertThatThrownBy(() -> sm.describeHubContent(b -> b.hubName("SageMakerPublicHub").hubContentName("m")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.getMessage())
                        .contains("Value null at 'hubContentType'"));
    }
}
