package dev.trae.aws.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;

class TraeConfigTest {

    @Test
    void toBuilder_whenChanged_leavesOriginalUntouched() {
        TraeConfig base = TraeConfig.builder().region("eu-central-1").endpoint("s3", URI.create("https://s3.example.test")).build();
        TraeConfig changed = base.toBuilder().region("us-west-2").endpoint("kms", URI.create("https://kms.example.test")).build();
        assertThat(base.region()).isEqualTo(Region.EU_CENTRAL_1);
        assertThat(base.endpoints()).containsOnlyKeys("s3");
        assertThat(changed.region()).isEqualTo(Region.US_WEST_2);
        assertThat(changed.endpoints()).containsOnlyKeys("s3", "kms");
        assertThat(changed.resilience()).isSameAs(base.resilience());
        assertThat(changed.jobStore()).isSameAs(base.jobStore());
    }

    @Test
    void endpoints_areUnmodifiable() {
        TraeConfig c = TraeConfig.builder().endpoint("s3", URI.create("https://s3.example.test")).build();
        assertThatThrownBy(() -> c.endpoints().put("x", URI.create("https://x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void build_whenPlainHttpEndpointInAwsMode_refusesBeforeAnyCall() {
        assertThatThrownBy(() -> TraeConfig.builder().endpoint("bedrock-runtime", URI.create("http://10.0.0.1:8080")).build())
                .isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("refused in AWS mode").hasMessageContaining("bedrock-runtime");
    }

    @Test
    void build_whenPlainHttpEndpointInLocalMode_accepts() {
        TraeConfig c = TraeConfig.builder().mode(TraeConfig.Mode.LOCAL).endpoint("s3", URI.create("http://127.0.0.1:9000")).build();
        assertThat(c.endpoint("s3")).hasValue(URI.create("http://127.0.0.1:9000"));
    }

    @Test
    void builder_rejectsBadInput() {
        assertThatThrownBy(() -> TraeConfig.builder().region("mars-1")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("region");
        assertThatThrownBy(() -> TraeConfig.builder().region("eu-central-1; rm -rf /")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeConfig.builder().endpoint("s3", URI.create("ftp://host/x"))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeConfig.builder().endpoint("s3", URI.create("relative/path"))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeConfig.builder().endpoint(" ", URI.create("https://h"))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeConfig.builder().userAgentSuffix("bad\r\nX-Injected: 1")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> TraeConfig.builder().userAgentSuffix("x".repeat(300))).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void httpSettings_rejectNonPositiveDurations() {
        assertThatThrownBy(() -> HttpSettings.builder().readTimeout(Duration.ZERO).build()).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> HttpSettings.builder().connectTimeout(Duration.ofSeconds(-1)).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> HttpSettings.builder().maxConnections(0).build()).isInstanceOf(TraeValidationException.class);
        HttpSettings h = HttpSettings.defaults();
        assertThat(h.generativeReadTimeout()).isGreaterThan(h.readTimeout());
        assertThat(h.toBuilder().build()).isEqualTo(h);
    }

    @Test
    void resiliencePolicy_rejectsBadInput() {
        assertThatThrownBy(() -> ResiliencePolicy.builder().maxAttempts(0).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> ResiliencePolicy.builder().jitter(1.5).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> ResiliencePolicy.builder().rateLimit("rekognition", 0)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> ResiliencePolicy.builder().rateLimit("rekognition", Double.NaN)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> ResiliencePolicy.builder().initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofSeconds(1)).build())
                .isInstanceOf(TraeValidationException.class);
        ResiliencePolicy p = ResiliencePolicy.builder().rateLimit("rekognition", 20).build();
        assertThat(p.toBuilder().build().rateLimits()).containsEntry("rekognition", 20.0);
        assertThat(dev.trae.aws.core.spi.Resilience.of(p)).isSameAs(dev.trae.aws.core.spi.Resilience.of(p));
    }

    @Test
    void cacheSettings_rejectBadBounds() {
        assertThatThrownBy(() -> CacheSettings.of(0, 10, Duration.ofMinutes(1))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> CacheSettings.of(10, 10, Duration.ZERO)).isInstanceOf(TraeValidationException.class);
        assertThat(CacheSettings.disabled().enabled()).isFalse();
    }

    @Test
    void toString_neverShowsSecretKeyOrSessionToken() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        String token = "FwoGZXIvYXdzEJr//////////wEaDMySessionTokenValue";
        TraeConfig c = TraeConfig.builder().credentials(TraeCredentials.staticKeys("AKIAIOSFODNN7EXAMPLE", secret, token)).build();
        assertThat(c.toString()).doesNotContain(secret).doesNotContain(token).doesNotContain("AKIAIOSFODNN7EXAMPLE")
                .contains("AKIA****");
    }
}
