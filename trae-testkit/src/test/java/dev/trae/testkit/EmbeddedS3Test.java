package dev.trae.testkit;

import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(TraeLocalExtension.class)
class EmbeddedS3Test {

    @Test
    void client_putThenGet_roundTripsBytes(TraeLocal local) {
        EmbeddedS3 s3 = local.s3().createBucket("bucket-one");
        byte[] data = new byte[300_000];
        new java.util.Random(1).nextBytes(data);
        s3.client().putObject(b -> b.bucket("bucket-one").key("dir/obj.bin"), RequestBody.fromBytes(data));
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket("bucket-one").key("dir/obj.bin")).asByteArray()).isEqualTo(data);
    }

    @Test
    void filesystemStore_keepsObjectsOnDisk(@TempDir Path dir) {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir)) {
            s3.createBucket("disk");
            s3.client().putObject(b -> b.bucket("disk").key("k.txt"), RequestBody.fromString("kept"));
        }
        assertThat(dir.resolve("disk")).isDirectory();
        try (EmbeddedS3 again = EmbeddedS3.start(dir)) {
            assertThat(again.client().getObjectAsBytes(b -> b.bucket("disk").key("k.txt")).asUtf8String()).isEqualTo("kept");
        }
    }

    @Test
    void faultProxy_when503OnPut_retriedByCoreAndObjectStoredOnce(TraeLocal local) {
        EmbeddedS3 s3 = local.s3().createBucket("bucket-two");
        FakeAwsServer proxy = s3.faultProxy();
        proxy.faults().next("PUT", 2, Fault.status(503, "SlowDown"));
        TraeConfig config = local.configBuilder().endpoint("s3", proxy.endpoint()).build();
        AwsClients clients = AwsClients.of(config);
        try (S3Client client = clients.sync("s3", S3Client::builder, AwsClients.Profile.STANDARD,
                b -> EmbeddedS3.configure(b, proxy.endpoint()))) {
            clients.resilience().call("s3", "PutObject", () -> client.putObject(b -> b.bucket("bucket-two").key("x"), RequestBody.fromString("v1")));
            assertThat(client.getObjectAsBytes(b -> b.bucket("bucket-two").key("x")).asUtf8String()).isEqualTo("v1");
            assertThat(client.headObject(b -> b.bucket("bucket-two").key("x")).contentLength()).isEqualTo(2L);
        }
        assertThat(proxy.count("PUT")).isEqualTo(3);
        assertThat(s3.client().listObjectsV2(b -> b.bucket("bucket-two")).keyCount()).isEqualTo(1);
    }

    @Test
    void client_missingKey_translatesTo404(TraeLocal local) {
        EmbeddedS3 s3 = local.s3().createBucket("bucket-three");
        TraeConfig config = local.config();
        AwsClients clients = AwsClients.of(config);
        try (S3Client client = clients.sync("s3", S3Client::builder, AwsClients.Profile.STANDARD,
                b -> EmbeddedS3.configure(b, s3.endpoint()))) {
            assertThatThrownBy(() -> clients.resilience().call("s3", "GetObject",
                    () -> client.getObjectAsBytes(b -> b.bucket("bucket-three").key("nope"))))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.retryable()).isFalse();
                    });
        }
        assertThat(Files.exists(Path.of("nope"))).isFalse();
    }
}
