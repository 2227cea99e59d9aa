package dev.trae.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.spring.test.TraeLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code trae.credentials.bedrock-api-key}: the bearer token of Bedrock calls, and never shown anywhere. */
@ExtendWith(OutputCaptureExtension.class)
class TraeBedrockApiKeyTest {
    private static final String KEY = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWtleS0xMjM0NTY3ODkw";
    private static final String MODEL = "amazon.nova-lite-v1:0";
    private static TraeLocalStack stack;

    @BeforeAll
    static void startLocal() {
        stack = TraeLocalStack.start(false);
    }

    @AfterAll
    static void stopLocal() {
        stack.close();
    }

    @BeforeEach
    void requireKey() {
        stack.reset();
        stack.bedrockRuntime().requireApiKey(KEY);
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TraeAutoConfiguration.class, TraeBedrockAutoConfiguration.class,
                        TraeActuatorAutoConfiguration.class))
                .withPropertyValues(stack.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @Test
    void converse_withApiKeyProperty_sendsItAsTheBearerToken() {
        runner().withPropertyValues("trae.credentials.bedrock-api-key=" + KEY).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(TraeConfig.class).credentials().bedrockApiKeySource()).isPresent();
            assertThat(ctx.getBean(TraeBedrockClient.class).converse(r -> r.modelId(MODEL).user("hi")).text()).isNotBlank();
        });
    }

    @Test
    void converse_withoutApiKeyProperty_isRefusedByAKeyOnlyEndpoint() {
        runner().run(ctx -> {
            assertThat(ctx.getBean(TraeConfig.class).credentials().bedrockApiKeySource()).isEmpty();
            assertThatThrownBy(() -> ctx.getBean(TraeBedrockClient.class).converse(r -> r.modelId(MODEL).user("hi")))
                    .isInstanceOf(TraeServiceException.class)
                    .satisfies(e -> assertThat(((TraeServiceException) e).statusCode()).isEqualTo(403));
        });
    }

    @Test
    void apiKey_isNeverInToStringsLogsOrActuatorEndpoints(CapturedOutput output) {
        runner().withPropertyValues("trae.credentials.bedrock-api-key=" + KEY).run(ctx -> {
            TraeConfig config = ctx.getBean(TraeConfig.class);
            TraeBedrockClient bedrock = ctx.getBean(TraeBedrockClient.class);
            bedrock.converse(r -> r.modelId(MODEL).user("hi"));
            assertThat(config.toString()).doesNotContain(KEY);
            assertThat(config.credentials().toString()).doesNotContain(KEY).contains("bedrockApiKey=");
            assertThat(bedrock.toString()).doesNotContain(KEY);
            assertThat(ctx.getBean(TraeProperties.class).toString()).doesNotContain(KEY);

            List<SanitizingFunction> sanitizers = ctx.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
            assertThat(sanitizers).hasSize(1);
            // show-values=always, the most an application can configure: the Trae sanitizer still masks the key
            EnvironmentEndpoint env = new EnvironmentEndpoint(ctx.getEnvironment(), sanitizers, Show.ALWAYS);
            assertThat(env.environmentEntry("trae.credentials.bedrock-api-key").getProperty().getValue())
                    .isEqualTo(SanitizableData.SANITIZED_VALUE);
            assertThat(describe(env.environment(null))).doesNotContain(KEY);
            ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(sanitizers, Show.ALWAYS);
            configprops.setApplicationContext(ctx);
            String report = describe(configprops.configurationProperties());
            assertThat(report).contains("bedrockApiKey").doesNotContain(KEY);

            // without the Trae sanitizer, show-values=always would print it: the sanitizer is what protects it
            assertThat(new EnvironmentEndpoint(ctx.getEnvironment(), List.of(), Show.ALWAYS)
                    .environmentEntry("trae.credentials.bedrock-api-key").getProperty().getValue()).isEqualTo(KEY);
        });
        assertThat(output.getAll()).doesNotContain(KEY);
    }

    @Test
    void isTraeSecret_matchesOnlyTraeCredentialSecrets() {
        assertThat(TraeActuatorAutoConfiguration.isTraeSecret("trae.credentials.bedrock-api-key")).isTrue();
        assertThat(TraeActuatorAutoConfiguration.isTraeSecret("trae.credentials.secret-access-key")).isTrue();
        assertThat(TraeActuatorAutoConfiguration.isTraeSecret("trae.credentials.session-token")).isTrue();
        assertThat(TraeActuatorAutoConfiguration.isTraeSecret("bedrockApiKey")).isTrue();
        assertThat(TraeActuatorAutoConfiguration.isTraeSecret("trae.credentials.access-key-id")).isFalse();
        assertThat(TraeActuatorAutoConfiguration.isTraeSecret("trae.region")).isFalse();
        assertThat(TraeActuatorAutoConfiguration.isTraeSecret("other.bedrock-api-key")).isFalse();
    }

    /** Every value of an endpoint's answer, walked through its getters, as text. */
    private static String describe(Object descriptor) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .writeValueAsString(descriptor);
    }
}
