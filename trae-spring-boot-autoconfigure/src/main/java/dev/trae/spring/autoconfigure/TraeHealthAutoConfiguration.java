package dev.trae.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.trae.aws.core.TraeConfig;
import dev.trae.ocr.OcrEngine;
import dev.trae.spring.autoconfigure.health.TraeCircuitBreakerHealthIndicator;
import dev.trae.spring.autoconfigure.health.TraeCredentialsHealthIndicator;
import dev.trae.spring.autoconfigure.health.TraeOcrHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health indicators when Spring Boot's health module is on the class path (the actuator brings it). All are cheap:
 * no paid AWS call. Each can be switched off with {@code management.health.<name>.enabled=false}:
 * {@code trae-credentials}, {@code trae-circuit-breakers}, {@code trae-ocr}.
 */
@AutoConfiguration(after = {TraeAutoConfiguration.class, TraeOcrAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TraeConfig.class)
public class TraeHealthAutoConfiguration {

    /** Whether the credentials of the shared config resolve. */
    @Bean
    @ConditionalOnMissingBean(name = "traeCredentialsHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("trae-credentials")
    public TraeCredentialsHealthIndicator traeCredentialsHealthIndicator(TraeConfig config) {
        return new TraeCredentialsHealthIndicator(config);
    }

    /**
     * The breaker states of the services the application talks to: every service with an endpoint override, plus
     * the services of the Trae modules on the class path.
     */
    @Bean
    @ConditionalOnMissingBean(name = "traeCircuitBreakersHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("trae-circuit-breakers")
    public TraeCircuitBreakerHealthIndicator traeCircuitBreakersHealthIndicator(TraeConfig config) {
        Set<String> services = new LinkedHashSet<>(config.endpoints().keySet());
        ClassLoader cl = TraeHealthAutoConfiguration.class.getClassLoader();
        for (String[] m : MODULE_SERVICES) {
            if (org.springframework.util.ClassUtils.isPresent(m[0], cl)) {
                services.addAll(List.of(m).subList(1, m.length));
            }
        }
        return new TraeCircuitBreakerHealthIndicator(config, new ArrayList<>(services));
    }

    /** Module class, then the service ids it calls. */
    private static final String[][] MODULE_SERVICES = {
        {"dev.trae.aws.bedrock.TraeBedrockClient", "bedrock-runtime", "bedrock"},
        {"dev.trae.aws.vision.VisionClient", "rekognition", "textract"},
        {"dev.trae.aws.lex.LexClient", "lex-runtime", "lex-models"},
        {"dev.trae.aws.robotics.SimulationClient", "batch", "logs"},
        {"dev.trae.aws.training.TrainingClient", "sagemaker", "ec2", "ssm"},
        {"dev.trae.oracle.OracleExporter", "s3"},
        {"dev.trae.security.SecretsProvider", "secretsmanager", "kms"},
    };

    /** The OCR engine's language data. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OcrEngine.class)
    @ConditionalOnBean(OcrEngine.class)
    static class Ocr {
        @Bean
        @ConditionalOnMissingBean(name = "traeOcrHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("trae-ocr")
        TraeOcrHealthIndicator traeOcrHealthIndicator(OcrEngine engine) {
            return new TraeOcrHealthIndicator(engine);
        }
    }
}
