package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.cloudtrail.CloudTrailFake;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.kms.KmsFake;
import dev.trae.testkit.aws.secretsmanager.SecretsManagerFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transport: the clients this module builds (KMS, Secrets Manager, CloudWatch Logs, CloudTrail) are TLS-only
 * in AWS mode. Core refuses {@code http://} endpoints when an AWS-mode config is built; these tests prove it
 * for this module's services, and that an AWS-mode client really speaks TLS on the wire: pointed with
 * {@code https://} at a plain-HTTP fake, every call fails and the fake never sees a readable request.
 */
@ExtendWith(TraeLocalExtension.class)
class TransportTlsTest {
    private final TraeLocal local;
    private final KmsFake kms;
    private final SecretsManagerFake sm;
    private final CloudWatchLogsFake logs;

    TransportTlsTest(TraeLocal local) {
        this.local = local;
        this.kms = local.fake("kms", new KmsFake());
        this.sm = local.fake("secretsmanager", new SecretsManagerFake());
        this.logs = local.fake("logs", new CloudWatchLogsFake());
        local.fake("cloudtrail", new CloudTrailFake());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kms", "secretsmanager", "logs", "cloudtrail"})
    void awsModeConfig_whenEndpointIsPlainHttp_isRefusedBeforeAnyClientExists(String service) {
        URI plain = local.server(service).endpoint();
        assertThat(plain.getScheme()).isEqualTo("http");
        TraeConfig.Builder aws = local.configBuilder().clearEndpoints().mode(TraeConfig.Mode.AWS).endpoint(service, plain);
        assertThatThrownBy(aws::build).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("http://").hasMessageContaining("AWS mode");
        // upper-case scheme is the same scheme
        TraeConfig.Builder upper = local.configBuilder().clearEndpoints().mode(TraeConfig.Mode.AWS)
                .endpoint(service, URI.create("HTTP://" + plain.getAuthority()));
        assertThatThrownBy(upper::build).isInstanceOf(TraeValidationException.class);
        // the same endpoint is accepted when the config says it is local
        assertThat(local.configBuilder().clearEndpoints().mode(TraeConfig.Mode.LOCAL).endpoint(service, plain).build()
                .endpoint(service)).contains(plain);
        assertThat(local.server(service).requests()).isEmpty();
    }

    @Test
    void localMode_whenEndpointIsPlainHttp_worksAgainstTheFake() {
        kms.createKey("alias/transport");
        try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(local.config(), "alias/transport")) {
            Map<String, String> ctx = Map.of("purpose", "transport-test");
            byte[] box = p.encrypt("hello".getBytes(StandardCharsets.UTF_8), ctx);
            assertThat(new String(p.decrypt(box, ctx), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
    }

    @Test
    void awsModeClients_whenServerSpeaksPlainHttp_failWithoutSendingAReadableRequest() {
        kms.createKey("alias/transport");
        sm.putSecret("tls/db", "{\"username\":\"u\",\"password\":\"p\"}");
        TraeConfig aws = local.configBuilder().clearEndpoints().mode(TraeConfig.Mode.AWS)
                .endpoint("kms", tls(local.server("kms").endpoint()))
                .endpoint("secretsmanager", tls(local.server("secretsmanager").endpoint()))
                .endpoint("logs", tls(local.server("logs").endpoint()))
                .endpoint("cloudtrail", tls(local.server("cloudtrail").endpoint()))
                // a plain-HTTP server waits for a request line that a TLS ClientHello never completes: fail fast
                .http(local.config().http().toBuilder().readTimeout(Duration.ofMillis(800))
                        .apiCallAttemptTimeout(Duration.ofSeconds(1)).apiCallTimeout(Duration.ofSeconds(3)).build())
                .resilience(local.config().resilience().toBuilder().maxAttempts(2).build())
                .build();

        assertThatThrownBy(() -> {
            try (EnvelopeKeyProvider p = KmsKeyProviders.awsKms(aws, "alias/transport")) {
                p.encrypt("secret payload".getBytes(StandardCharsets.UTF_8), Map.of("purpose", "transport-test"));
            }
        }).isInstanceOf(TraeException.class);

        try (SecretsManagerSecretsProvider secrets = SecretsManagerSecretsProvider.create(aws)) {
            assertThatThrownBy(() -> secrets.get("tls/db")).isInstanceOf(TraeException.class)
                    .isNotInstanceOf(SecretNotFoundException.class);
        }

        try (CloudWatchLogsAuditSink sink = CloudWatchLogsAuditSink.create(aws, "/trae/audit", "tls-test")) {
            sink.record(AuditEvent.of("kms", "Decrypt", "alias/transport").build());
            assertThat(sink.flush()).isFalse();
            assertThat(sink.sent()).isZero();
            assertThat(sink.pending()).isEqualTo(1); // kept for the next flush, not lost
        }

        try (CloudTrailEvidence trail = CloudTrailEvidence.create(aws)) {
            Instant now = Instant.now();
            assertThatThrownBy(() -> trail.byEventName("Decrypt", now.minusSeconds(60), now, 10)).isInstanceOf(TraeException.class);
        }

        // the clients sent TLS handshakes, which the plain-HTTP fakes could not parse as requests. A ClientHello whose
        // random bytes happen to contain a line feed is recorded as one unparseable "UNKNOWN <garbage>" request: never
        // an HTTP method, an AWS operation or a readable target
        java.util.Set<String> methods = java.util.Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS");
        for (String service : new String[] {"kms", "secretsmanager", "logs", "cloudtrail"}) {
            assertThat(local.server(service).requests()).as(service).allSatisfy(r -> {
                assertThat(r.operation()).startsWith("UNKNOWN ");
                assertThat(methods).doesNotContain(r.method());
            });
        }
        assertThat(kms.calls("GenerateDataKey")).isZero();
        assertThat(logs.lines("/trae/audit", "tls-test")).isEmpty();
    }

    private static URI tls(URI plain) {
        return URI.create("https://" + plain.getAuthority());
    }
}
