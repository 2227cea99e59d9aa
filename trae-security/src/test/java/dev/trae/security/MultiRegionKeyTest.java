package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.trae.aws.core.TraeConfig;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.kms.KmsFake;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A multi-Region key made in us-east-1 decrypts with its replica in eu-west-1, with and without the data-key cache. */
@ExtendWith(TraeLocalExtension.class)
class MultiRegionKeyTest {
    private static final Map<String, String> CTX = Map.of("purpose", "mrk");
    private final TraeLocal local;
    private final KmsFake primary;
    private final KmsFake replica = new KmsFake("eu-west-1");
    private final FakeAwsServer replicaServer = FakeAwsServer.start("kms");
    private final TraeConfig east;
    private final TraeConfig west;

    MultiRegionKeyTest(TraeLocal local) {
        this.local = local;
        this.primary = local.fake("kms", new KmsFake("us-east-1"));
        replica.install(replicaServer);
        this.east = local.configBuilder().region("us-east-1").build();
        this.west = local.configBuilder().region("eu-west-1").endpoint("kms", replicaServer.endpoint()).build();
    }

    @AfterEach
    void stop() {
        replicaServer.close();
    }

    @Test
    void decrypt_withTheReplicaInAnotherRegion_readsTheEnvelope() {
        String arn = primary.createKey("alias/mrk", true);
        String replicaArn = primary.replicateKey(arn, replica);
        assertThat(replicaArn).startsWith("arn:aws:kms:eu-west-1:").endsWith(arn.substring(arn.indexOf(":key/")));
        byte[] box;
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(east, arn)) {
            box = p.encrypt("replicated".getBytes(StandardCharsets.UTF_8), CTX);
        }
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(west, replicaArn)) {
            assertThat(new String(p.decrypt(box, CTX), StandardCharsets.UTF_8)).isEqualTo("replicated");
        }
        assertThat(replica.calls("Decrypt")).isEqualTo(1);
        assertThat(primary.calls("Decrypt")).isZero();
    }

    @Test
    void cachedDataKeyPath_isMrkAware() {
        String arn = primary.createKey("alias/mrk2", true);
        String replicaArn = primary.replicateKey(arn, replica);
        DataKeyCachePolicy cache = DataKeyCachePolicy.of(Duration.ofMinutes(5), 100);
        byte[] a;
        byte[] b;
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(east, arn, cache)) {
            a = p.encrypt("one".getBytes(StandardCharsets.UTF_8), CTX);
            b = p.encrypt("two".getBytes(StandardCharsets.UTF_8), CTX);
        }
        assertThat(primary.calls("GenerateDataKey")).isEqualTo(1);
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(west, replicaArn, cache)) {
            assertThat(new String(p.decrypt(a, CTX), StandardCharsets.UTF_8)).isEqualTo("one");
            assertThat(new String(p.decrypt(b, CTX), StandardCharsets.UTF_8)).isEqualTo("two");
        }
        assertThat(replica.calls("Decrypt")).isEqualTo(1); // both envelopes share one cached data key
    }

    @Test
    void replicate_onlyMultiRegionKeys_andAKeyNotReplicatedDoesNotDecrypt() {
        String single = primary.createKey("alias/single");
        assertThatThrownBy(() -> primary.replicateKey(single, replica)).hasMessageContaining("not a multi-Region key");
        String arn = primary.createKey("alias/mrk3", true);
        byte[] box;
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(east, arn)) {
            box = p.encrypt("x".getBytes(StandardCharsets.UTF_8), CTX);
        }
        String notReplicated = arn.replace("us-east-1", "eu-west-1");
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(west, notReplicated)) {
            assertThatThrownBy(() -> p.decrypt(box, CTX)).isInstanceOf(dev.trae.aws.core.TraeException.class);
        }
    }
}
