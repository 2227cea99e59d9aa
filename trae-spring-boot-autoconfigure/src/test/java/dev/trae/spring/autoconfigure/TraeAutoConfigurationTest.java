package dev.trae.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.spi.Resilience;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.regions.Region;

class TraeAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TraeAutoConfiguration.class));

    @Test
    void config_whenNoProperties_isTheTraeDefault() {
        runner.run(ctx -> {
            TraeConfig config = ctx.getBean(TraeConfig.class);
            TraeConfig plain = TraeConfig.builder().build();
            assertThat(config.region()).isEqualTo(plain.region());
            assertThat(config.mode()).isEqualTo(TraeConfig.Mode.AWS);
            assertThat(config.credentials().kind()).isEqualTo(TraeCredentials.Kind.DEFAULT_CHAIN);
            assertThat(config.endpoints()).isEmpty();
            assertThat(config.http().toString()).isEqualTo(plain.http().toString());
            assertThat(config.resilience().toString()).isEqualTo(plain.resilience().toString());
        });
    }

    @Test
    void config_whenPropertiesSet_carriesThem() {
        runner.withPropertyValues("trae.region=eu-central-1", "trae.user-agent-suffix=fuel/2.1",
                "trae.endpoints.bedrock-runtime=https://bedrock.example.test",
                "trae.http.connect-timeout=3s", "trae.http.generative-read-timeout=5m", "trae.http.max-connections=7",
                "trae.resilience.max-attempts=6", "trae.resilience.rate-limits.rekognition=20",
                "trae.resilience.initial-backoff=50ms", "trae.resilience.circuit-breaker.failure-rate-threshold=25",
                "trae.resilience.circuit-breaker.open-state-wait=5s", "trae.resilience.bulkhead.max-concurrent-calls=8")
                .run(ctx -> {
                    TraeConfig c = ctx.getBean(TraeConfig.class);
                    assertThat(c.region()).isEqualTo(Region.EU_CENTRAL_1);
                    assertThat(c.userAgentSuffix()).contains("fuel/2.1");
                    assertThat(c.endpoint("bedrock-runtime")).contains(URI.create("https://bedrock.example.test"));
                    assertThat(c.http().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.http().generativeReadTimeout()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(c.http().maxConnections()).isEqualTo(7);
                    assertThat(c.resilience().maxAttempts()).isEqualTo(6);
                    assertThat(c.resilience().rateLimits()).containsEntry("rekognition", 20.0);
                    assertThat(c.resilience().initialBackoff()).isEqualTo(Duration.ofMillis(50));
                    assertThat(c.resilience().failureRateThreshold()).isEqualTo(25f);
                    assertThat(c.resilience().openStateWait()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(c.resilience().maxConcurrentCalls()).isEqualTo(8);
                    // unset values keep the defaults
                    assertThat(c.resilience().slidingWindowSize()).isEqualTo(20);
                    assertThat(Resilience.of(c).effectiveRate("rekognition")).isEqualTo(20.0);
                });
    }

    @Test
    void credentials_whenEachSourceConfigured_pickTheirKind() {
        runner.withPropertyValues("trae.credentials.profile=fuel-prod")
                .run(ctx -> assertThat(ctx.getBean(TraeConfig.class).credentials().toString()).isEqualTo("TraeCredentials[profile=fuel-prod]"));
        runner.withPropertyValues("trae.credentials.assume-role.role-arn=arn:aws:iam::123456789012:role/trae-export",
                        "trae.credentials.assume-role.external-id=fuel-net", "trae.credentials.assume-role.duration=30m")
                .run(ctx -> {
                    TraeCredentials c = ctx.getBean(TraeConfig.class).credentials();
                    assertThat(c.kind()).isEqualTo(TraeCredentials.Kind.ASSUME_ROLE);
                    assertThat(c.toString()).contains("role/trae-export", "PT30M").doesNotContain("fuel-net");
                });
        runner.withPropertyValues("trae.credentials.web-identity.role-arn=arn:aws:iam::123456789012:role/eks",
                        "trae.credentials.web-identity.token-file=/var/run/secrets/token")
                .run(ctx -> assertThat(ctx.getBean(TraeConfig.class).credentials().kind()).isEqualTo(TraeCredentials.Kind.WEB_IDENTITY));
        runner.withPropertyValues("trae.credentials.access-key-id=AKIAEXAMPLEKEY123456", "trae.credentials.secret-access-key=very-secret-value")
                .run(ctx -> {
                    TraeCredentials c = ctx.getBean(TraeConfig.class).credentials();
                    assertThat(c.kind()).isEqualTo(TraeCredentials.Kind.STATIC);
                    assertThat(ctx.getBean(TraeConfig.class).toString()).doesNotContain("very-secret-value", "AKIAEXAMPLEKEY123456");
                });
        runner.withPropertyValues("trae.mode=local")
                .run(ctx -> assertThat(ctx.getBean(TraeConfig.class).credentials().kind()).isEqualTo(TraeCredentials.Kind.STATIC));
        runner.withPropertyValues("trae.credentials.type=default", "trae.credentials.profile=ignored")
                .run(ctx -> assertThat(ctx.getBean(TraeConfig.class).credentials().kind()).isEqualTo(TraeCredentials.Kind.DEFAULT_CHAIN));
    }

    @Test
    void config_whenPlainHttpEndpointInAwsMode_failsAtStartupWithTheFix() {
        runner.withPropertyValues("trae.endpoints.textract=http://localhost:4566").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("refused in AWS mode")
                    .hasMessageContaining("mode(Mode.LOCAL)");
        });
        runner.withPropertyValues("trae.mode=local", "trae.endpoints.textract=http://localhost:4566")
                .run(ctx -> assertThat(ctx.getBean(TraeConfig.class).endpoint("textract")).isPresent());
    }

    @Test
    void config_whenWebIdentityWithoutTokenFile_failsNamingTheProperty() {
        runner.withPropertyValues("trae.credentials.web-identity.role-arn=arn:aws:iam::123456789012:role/eks").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("trae.credentials.web-identity.token-file");
        });
    }

    @Test
    void config_whenDisabled_isAbsent() {
        runner.withPropertyValues("trae.enabled=false").run(ctx -> assertThat(ctx).doesNotHaveBean(TraeConfig.class));
    }

    @Test
    void config_whenCoreNotOnClassPath_isAbsent() {
        runner.withClassLoader(new FilteredClassLoader(TraeConfig.class)).run(ctx -> assertThat(ctx).doesNotHaveBean("traeConfig"));
    }

    @Test
    void config_whenApplicationDeclaresOne_isTheApplications() {
        TraeConfig mine = TraeConfig.builder().region("ap-south-1").build();
        runner.withBean(TraeConfig.class, () -> mine).run(ctx -> assertThat(ctx.getBean(TraeConfig.class)).isSameAs(mine));
    }

    @Test
    void customizers_whenPresent_runAfterTheProperties() {
        runner.withPropertyValues("trae.region=eu-west-1")
                .withBean(TraeConfigCustomizer.class, () -> b -> b.userAgentSuffix("customized"))
                .run(ctx -> {
                    TraeConfig c = ctx.getBean(TraeConfig.class);
                    assertThat(c.region()).isEqualTo(Region.EU_WEST_1);
                    assertThat(c.userAgentSuffix()).contains("customized");
                });
    }
}
