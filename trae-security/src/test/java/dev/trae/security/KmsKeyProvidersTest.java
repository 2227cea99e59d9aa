package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.kms.KmsFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class KmsKeyProvidersTest {
    static final Map<String, String> CTX = Map.of("purpose", "kms-test");

    private final TraeLocal local;
    private final KmsFake kms;
    private String keyArn;
    private String otherArn;

    KmsKeyProvidersTest(TraeLocal local) {
        this.local = local;
        this.kms = local.fake("kms", new KmsFake());
    }

    @BeforeEach
    void keys() {
        keyArn = kms.createKey("alias/trae-data-" + System.nanoTime());
        otherArn = kms.createKey(null);
        kms.resetCounts();
    }

    @Test
    void awsKms_whenAlias_resolvesArnAndRoundTrips() {
        String alias = "alias/app-" + System.nanoTime();
        String arn = kms.createKey(alias);
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), alias)) {
            assertThat(p.keyId()).isEqualTo(arn);
            byte[] box = p.encrypt("payload".getBytes(), CTX);
            assertThat(new String(p.decrypt(box, CTX))).isEqualTo("payload");
        }
        assertThat(kms.calls("DescribeKey")).isEqualTo(1);
        assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
        assertThat(kms.calls("Decrypt")).isEqualTo(1);
    }

    @Test
    void awsKms_whenStreaming_roundTrips() throws Exception {
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), keyArn)) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = p.encryptingStream(sink, CTX)) {
                out.write(new byte[300_000]);
            }
            try (InputStream in = p.decryptingStream(new ByteArrayInputStream(sink.toByteArray()), CTX)) {
                assertThat(in.readAllBytes()).hasSize(300_000);
            }
        }
    }

    @Test
    void decryptingStream_whenKmsWithoutCache_authenticatesInOnePassWithOneDecryptCall() throws Exception {
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), keyArn)) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = p.encryptingStream(sink, CTX)) {
                out.write(new byte[100_000]);
            }
            kms.resetCounts();
            try (InputStream in = p.decryptingStream(new ByteArrayInputStream(sink.toByteArray()), CTX)) {
                assertThat(in.readAllBytes()).hasSize(100_000);
            }
            // the former verify-then-decrypt design decrypted the message twice and asked KMS twice
            assertThat(kms.calls("Decrypt")).isEqualTo(1);
        }
    }

    @Test
    void decrypt_whenOtherKmsKey_throwsWrongKey() {
        try (EnvelopeKeyProvider a = KmsKeyProviders.awsKms(local.config(), keyArn);
             EnvelopeKeyProvider b = KmsKeyProviders.awsKms(local.config(), otherArn)) {
            byte[] box = a.encrypt(new byte[32], CTX);
            assertThatThrownBy(() -> b.decrypt(box, CTX)).isInstanceOf(WrongKeyException.class);
        }
    }

    @Test
    void decrypt_whenTamperedOrWrongContext_throwsTyped() {
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), keyArn)) {
            byte[] box = p.encrypt(new byte[5000], CTX);
            byte[] t = box.clone();
            t[t.length - 30] ^= 1;
            assertThatThrownBy(() -> p.decrypt(t, CTX)).isInstanceOf(TamperedCiphertextException.class);
            assertThatThrownBy(() -> p.decrypt(box, Map.of("purpose", "other")))
                    .isInstanceOf(EncryptionContextMismatchException.class);
        }
    }

    @Test
    void awsKms_whenKeyUnknownOrInvalid_failsClearly() {
        assertThatThrownBy(() -> KmsKeyProviders.awsKms(local.config(), "alias/does-not-exist"))
                .isInstanceOf(TraeServiceException.class)
                .satisfies(e -> assertThat(((TraeServiceException) e).errorCode()).contains("NotFoundException"));
        assertThatThrownBy(() -> KmsKeyProviders.awsKms(local.config(), " "))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> KmsKeyProviders.awsKms(local.config(), "alias/bad name;rm -rf"))
                .isInstanceOf(TraeValidationException.class);
        assertThat(local.server("kms").count("DescribeKey")).isEqualTo(1);
    }

    @Test
    void encrypt_whenKmsThrottlesOnce_retriesAndSucceeds() {
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), keyArn)) {
            local.server("kms").faults().next("GenerateDataKey", 1, Fault.throttle());
            byte[] box = p.encrypt(new byte[10], CTX);
            assertThat(p.decrypt(box, CTX)).hasSize(10);
            assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
            assertThat(local.server("kms").count("GenerateDataKey")).isEqualTo(2);
        }
    }

    @Test
    void encrypt_whenKeyDisabled_throwsServiceErrorAndAuditsFailure() {
        List<AuditEvent> events = new ArrayList<>();
        TraeConfig cfg = local.configBuilder().auditSink(events::add).build();
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(cfg, keyArn)) {
            kms.disable(keyArn);
            assertThatThrownBy(() -> p.encrypt(new byte[10], CTX)).isInstanceOf(TraeServiceException.class);
        }
        assertThat(events).extracting(AuditEvent::result).containsExactly("FAILURE");
        assertThat(events.get(0).resource()).isEqualTo(keyArn);
    }

    @Test
    void cachedProvider_whenBulkEncrypt_callsKmsOncePerPolicyWindow() {
        try (EnvelopeKeyProvider cached = KmsKeyProviders.awsKms(local.config(), keyArn,
                DataKeyCachePolicy.of(Duration.ofMinutes(5), 25));
             EnvelopeKeyProvider plain = KmsKeyProviders.awsKms(local.config(), keyArn)) {
            List<byte[]> boxes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                boxes.add(cached.encrypt(("object " + i).getBytes(), CTX));
            }
            assertThat(kms.calls("GenerateDataKey")).isEqualTo(4); // 100 messages / 25 uses per data key
            for (int i = 0; i < 100; i++) {
                assertThat(new String(cached.decrypt(boxes.get(i), CTX))).isEqualTo("object " + i);
            }
            assertThat(kms.calls("Decrypt")).isEqualTo(4); // one per distinct data key
            // cached envelopes are ordinary envelopes
            assertThat(new String(plain.decrypt(boxes.get(0), CTX))).isEqualTo("object 0");
        }
    }

    @Test
    void cachedProvider_whenMaxAgeElapsed_fetchesNewDataKey() throws Exception {
        try (EnvelopeKeyProvider cached = KmsKeyProviders.awsKms(local.config(), keyArn,
                DataKeyCachePolicy.of(Duration.ofMillis(200), 1000))) {
            cached.encrypt(new byte[1], CTX);
            cached.encrypt(new byte[1], CTX);
            assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
            Thread.sleep(350);
            cached.encrypt(new byte[1], CTX);
            assertThat(kms.calls("GenerateDataKey")).isEqualTo(2);
        }
    }

    @Test
    void dataKeyCachePolicy_whenOutOfBounds_rejects() {
        assertThatThrownBy(() -> DataKeyCachePolicy.of(Duration.ZERO, 1)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DataKeyCachePolicy.of(Duration.ofSeconds(1), 0)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void awsKms_whenMultiRegionKey_usesMrkKeyringAndRoundTrips() {
        String mrk = kms.createKey("alias/mrk-" + System.nanoTime(), true);
        assertThat(mrk).contains(":key/mrk-");
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), mrk)) {
            byte[] box = p.encrypt("multi-region".getBytes(), CTX);
            assertThat(new String(p.decrypt(box, CTX))).isEqualTo("multi-region");
        }
    }

    @Test
    void decrypt_whenKmsConnectionResetOnce_retriesWithoutDuplicatePlaintextOrLoss() {
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), keyArn)) {
            byte[] box = p.encrypt("payload-1".getBytes(), CTX);
            local.server("kms").faults().next("Decrypt", 1, Fault.reset());
            assertThat(new String(p.decrypt(box, CTX))).isEqualTo("payload-1");
        }
    }

    @Test
    void awsMode_whenPlainHttpKmsEndpoint_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> KmsKeyProviders.awsKms(TraeConfig.builder().mode(TraeConfig.Mode.AWS).region("us-east-1")
                .endpoint("kms", local.server("kms").endpoint()).build(), keyArn))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("plain HTTP");
        assertThat(local.server("kms").requests()).isEmpty();
    }
}
