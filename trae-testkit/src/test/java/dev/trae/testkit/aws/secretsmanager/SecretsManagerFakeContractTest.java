package dev.trae.testkit.aws.secretsmanager;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

/**
 * Contract of {@link SecretsManagerFake}: the documented examples of the Secrets Manager API reference parse through
 * the real {@link SecretsManagerClient} and the fake answers the same members; invalid requests get
 * ValidationException. Examples are the pages' "Examples" sections, trimmed (values kept).
 */
class SecretsManagerFakeContractTest {
    private static final String ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestDatabaseSecret-a1b2c3";

    private FakeAwsServer docs;
    private FakeAwsServer fakeServer;
    private final SecretsManagerFake fake = new SecretsManagerFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private SecretsManagerClient documented;
    private SecretsManagerClient sm;

    @BeforeEach
    void start() {
        docs = FakeAwsServer.start("secretsmanager-docs");
        fakeServer = FakeAwsServer.start("secretsmanager");
        fake.install(fakeServer);
        documented = client(SecretsManagerClient.builder(), docs.endpoint());
        sm = client(SecretsManagerClient.builder(), fakeServer.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        documented.close();
        sm.close();
        docs.close();
        fakeServer.close();
    }

    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html (Examples)
    @Test
    void getSecretValue_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("GetSecretValue", r -> FakeResponse.json("{\"ARN\":\"" + ARN + "\",\"CreatedDate\":1523477145.713,"
                + "\"Name\":\"MyTestDatabaseSecret\",\"SecretString\":\"{\\\"username\\\":\\\"david\\\"}\","
                + "\"VersionId\":\"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1\",\"VersionStages\":[\"AWSPREVIOUS\"]}"));
        GetSecretValueResponse doc = documented.getSecretValue(b -> b.secretId("MyTestDatabaseSecret"));
        assertThat(doc.versionStages()).containsExactly("AWSPREVIOUS");
        assertThat(doc.createdDate().toEpochMilli()).isEqualTo(1523477145713L);

        fake.putSecret("MyTestDatabaseSecret", "{\"username\":\"david\"}");
        fake.rotate("MyTestDatabaseSecret", "{\"username\":\"eve\"}");
        GetSecretValueResponse mine = sm.getSecretValue(b -> b.secretId("MyTestDatabaseSecret").versionStage("AWSPREVIOUS"));
        assertThat(mine.secretString()).contains("david");
        assertSameShape(doc, mine);
        assertModelled(GetSecretValueResponse.class, raw.lastJson());
    }

    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html (Examples)
    @Test
    void putSecretValue_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("PutSecretValue", r -> FakeResponse.json("{\"ARN\":\"" + ARN + "\",\"Name\":\"MyTestDatabaseSecret\","
                + "\"VersionId\":\"EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE\",\"VersionStages\":[\"AWSCURRENT\"]}"));
        PutSecretValueResponse doc = documented.putSecretValue(b -> b.secretId("MyTestDatabaseSecret")
                .clientRequestToken("EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE").secretString("{}"));
        assertThat(doc.versionId()).isEqualTo("EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE");

        fake.putSecret("MyTestDatabaseSecret", "v1");
        PutSecretValueResponse mine = sm.putSecretValue(b -> b.secretId("MyTestDatabaseSecret")
                .clientRequestToken("EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE").secretString("{}"));
        assertThat(mine.versionStages()).containsExactly("AWSCURRENT");
        assertSameShape(doc, mine);
        assertModelled(PutSecretValueResponse.class, raw.lastJson());
    }

    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html (Examples)
    @Test
    void describeSecret_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("DescribeSecret", r -> FakeResponse.json("{\"ARN\":\"" + ARN + "\",\"Description\":\"My test database secret\","
                + "\"KmsKeyId\":\"arn:aws:kms:us-west-2:123456789012:key/EXAMPLE1-90ab-cdef-fedc-ba987KMSKEY1\","
                + "\"LastAccessedDate\":1523923200,\"LastChangedDate\":1523477145.729,\"LastRotatedDate\":1525747253.72,"
                + "\"Name\":\"MyTestDatabaseSecret\",\"RotationEnabled\":true,"
                + "\"RotationLambdaARN\":\"arn:aws:lambda:us-west-2:123456789012:function:MyTestRotationLambda\","
                + "\"RotationRules\":{\"AutomaticallyAfterDays\":14,\"Duration\":\"2h\",\"ScheduleExpression\":\"cron(0 16 1,15 * ? *)\"},"
                + "\"Tags\":[{\"Key\":\"FirstTag\",\"Value\":\"SomeValue\"}],"
                + "\"VersionIdsToStages\":{\"EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE\":[\"AWSPREVIOUS\"],"
                + "\"EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE\":[\"AWSCURRENT\"]}}"));
        DescribeSecretResponse doc = documented.describeSecret(b -> b.secretId("MyTestDatabaseSecret"));
        assertThat(doc.rotationRules().automaticallyAfterDays()).isEqualTo(14L);
        assertThat(doc.versionIdsToStages()).hasSize(2);

        fake.putSecret("MyTestDatabaseSecret", "v1");
        DescribeSecretResponse mine = sm.describeSecret(b -> b.secretId("MyTestDatabaseSecret"));
        // the fake's secrets have no description, customer KMS key, tags or rotation Lambda, and it does not track reads
        assertSameShape(doc, mine, "Description", "KmsKeyId", "LastAccessedDate", "LastRotatedDate", "RotationLambdaARN",
                "RotationRules", "RotationRules.AutomaticallyAfterDays", "RotationRules.Duration", "RotationRules.ScheduleExpression",
                "Tags", "Tags[].Key", "Tags[].Value");
        assertModelled(DescribeSecretResponse.class, raw.lastJson());
    }

    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html (Examples)
    @Test
    void updateSecretVersionStage_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.json("UpdateSecretVersionStage", r -> FakeResponse.json("{\"ARN\":\"" + ARN + "\",\"Name\":\"MyTestDatabaseSecret\"}"));
        UpdateSecretVersionStageResponse doc = documented.updateSecretVersionStage(b -> b.secretId("MyTestDatabaseSecret")
                .versionStage("STAGINGLABEL1").moveToVersionId("EXAMPLE1-90ab-cdef-fedc-ba987SECRET1"));
        assertThat(doc.arn()).isEqualTo(ARN);

        String v = fake.putSecret("MyTestDatabaseSecret", "v1");
        UpdateSecretVersionStageResponse mine = sm.updateSecretVersionStage(b -> b.secretId("MyTestDatabaseSecret")
                .versionStage("STAGINGLABEL1").moveToVersionId(v));
        assertSameShape(doc, mine);
        assertModelled(UpdateSecretVersionStageResponse.class, raw.lastJson());
    }

    // SecretId required, 1..2048; VersionId 32..64: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
    @Test
    void getSecretValue_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.versionStage("AWSCURRENT")))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Value null at 'secretId' failed to satisfy constraint: Member must not be null");
                });
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("s".repeat(2049))))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(e.getMessage())
                        .contains("Member must have length less than or equal to 2048"));
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("x").versionId("short")))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(e.getMessage())
                        .contains("at 'versionId'").contains("greater than or equal to 32"));
    }

    // ClientRequestToken 32..64 characters: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
    @Test
    void putSecretValue_withShortClientRequestToken_isAValidationException() {
        fake.putSecret("s", "v");
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId("s").secretString("x").clientRequestToken("abc")))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }
}
