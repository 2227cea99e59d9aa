package dev.trae.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.ocr.OcrEngine;
import dev.trae.spring.autoconfigure.health.TraeCircuitBreakerHealthIndicator;
import dev.trae.spring.autoconfigure.health.TraeCredentialsHealthIndicator;
import dev.trae.spring.autoconfigure.health.TraeOcrHealthIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TraeHealthTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("trae.mode=local", "trae.ocr.languages=eng", "trae.ocr.pool-size=1")
            .withConfiguration(AutoConfigurations.of(TraeAutoConfiguration.class, TraeBedrockAutoConfiguration.class,
                    TraeOcrAutoConfiguration.class, TraeHealthAutoConfiguration.class));

    @Test
    void indicators_whenHealthOnClassPath_exist() {
        runner.run(ctx -> assertThat(ctx).hasSingleBean(TraeCredentialsHealthIndicator.class)
                .hasSingleBean(TraeCircuitBreakerHealthIndicator.class).hasSingleBean(TraeOcrHealthIndicator.class));
    }

    @Test
    void indicators_whenHealthNotOnClassPath_areAbsent() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(TraeCredentialsHealthIndicator.class)
                        .doesNotHaveBean(TraeCircuitBreakerHealthIndicator.class).doesNotHaveBean(TraeOcrHealthIndicator.class));
    }

    @Test
    void indicators_whenSwitchedOff_areAbsent() {
        runner.withPropertyValues("management.health.trae-credentials.enabled=false",
                        "management.health.trae-circuit-breakers.enabled=false", "management.health.trae-ocr.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(TraeCredentialsHealthIndicator.class)
                        .doesNotHaveBean(TraeCircuitBreakerHealthIndicator.class).doesNotHaveBean(TraeOcrHealthIndicator.class));
    }

    @Test
    void ocrIndicator_whenOcrNotOnClassPath_isAbsent() {
        runner.withClassLoader(new FilteredClassLoader(OcrEngine.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(TraeCredentialsHealthIndicator.class)
                        .doesNotHaveBean(TraeOcrHealthIndicator.class));
    }

    @Test
    void credentials_whenStaticKeys_areUpWithAMaskedKeyId() {
        runner.withPropertyValues("trae.credentials.access-key-id=AKIAEXAMPLEKEY123456", "trae.credentials.secret-access-key=very-secret-value")
                .run(ctx -> {
                    Health h = ctx.getBean(TraeCredentialsHealthIndicator.class).health(true);
                    assertThat(h.getStatus()).isEqualTo(Status.UP);
                    assertThat(h.getDetails()).containsEntry("source", "static");
                    assertThat(h.toString()).doesNotContain("very-secret-value", "AKIAEXAMPLEKEY123456");
                });
    }

    @Test
    void credentials_whenProfileMissing_areDown(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "[profile other]\nregion = us-east-1\n");
        String before = System.getProperty("aws.configFile");
        String beforeCreds = System.getProperty("aws.sharedCredentialsFile");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
        try {
            runner.withPropertyValues("trae.mode=aws", "trae.credentials.profile=no-such-profile").run(ctx -> {
                Health h = ctx.getBean(TraeCredentialsHealthIndicator.class).health(true);
                assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                assertThat(h.getDetails()).containsEntry("source", "profile").containsKey("error");
            });
        } finally {
            restore("aws.configFile", before);
            restore("aws.sharedCredentialsFile", beforeCreds);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void circuitBreakers_followTheSharedBreakerStates() {
        runner.run(ctx -> {
            TraeCircuitBreakerHealthIndicator indicator = ctx.getBean(TraeCircuitBreakerHealthIndicator.class);
            Health up = indicator.health(true);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsKey("bedrock-runtime");
            Resilience resilience = Resilience.of(ctx.getBean(TraeConfig.class));
            resilience.circuitBreaker("bedrock-runtime").transitionToOpenState();
            Health down = indicator.health(true);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            @SuppressWarnings("unchecked")
            Map<String, Object> bedrock = (Map<String, Object>) down.getDetails().get("bedrock-runtime");
            assertThat(bedrock).containsEntry("state", "OPEN");
            resilience.circuitBreaker("bedrock-runtime").transitionToHalfOpenState();
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UNKNOWN);
            resilience.circuitBreaker("bedrock-runtime").transitionToClosedState();
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void ocr_whenLanguageDataRemoved_isDownNamingTheLanguage(@TempDir Path dir) throws Exception {
        Path installed;
        try (OcrEngine probe = OcrEngine.builder().languages("eng").poolSize(1).build()) {
            installed = probe.tessdataPath();
        }
        Path eng = Files.createSymbolicLink(dir.resolve("eng.traineddata"), installed.resolve("eng.traineddata"));
        runner.withPropertyValues("trae.ocr.tessdata-path=" + dir).run(ctx -> {
            TraeOcrHealthIndicator indicator = ctx.getBean(TraeOcrHealthIndicator.class);
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
            Files.delete(eng);
            Health down = indicator.health(true);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("missing", java.util.List.of("eng"));
        });
    }
}
