package dev.trae.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.TraeConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Core's client factory and resilience against LocalStack's S3. Skips without Docker or a LocalStack token. */
class LocalStackS3IntegrationTest {

    @Test
    void s3_putThenGet_throughAwsClients() {
        String reason = LocalStack.unavailableReason().orElse("");
        System.out.println(reason.isEmpty() ? "LocalStack tier: running" : "LocalStack tier skipped: " + reason);
        assumeTrue(reason.isEmpty(), reason);
        try (LocalStackContainer ls = LocalStack.start()) {
            TraeConfig config = LocalStack.config(ls);
            AwsClients clients = AwsClients.of(config);
            try (S3Client s3 = clients.sync("s3", S3Client::builder, AwsClients.Profile.STANDARD, b -> b.forcePathStyle(true))) {
                clients.resilience().call("s3", "CreateBucket", () -> s3.createBucket(b -> b.bucket("trae-it")));
                clients.resilience().call("s3", "PutObject", () -> s3.putObject(b -> b.bucket("trae-it").key("k"), RequestBody.fromString("v")));
                assertThat(s3.getObjectAsBytes(b -> b.bucket("trae-it").key("k")).asUtf8String()).isEqualTo("v");
            }
        }
    }
}
