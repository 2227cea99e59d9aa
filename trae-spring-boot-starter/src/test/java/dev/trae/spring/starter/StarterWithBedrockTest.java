package dev.trae.spring.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.core.TraeConfig;
import dev.trae.spring.test.TraeLocalStack;
import dev.trae.spring.test.TraeLocalTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import software.amazon.awssdk.regions.Region;

/**
 * The "done when": an application with only the starter and {@code trae-aws-bedrock}, and {@code trae.region}
 * set, starts and injects a working Bedrock client; {@link TraeLocalTest} points it at Trae Local.
 */
@TraeLocalTest(properties = "trae.region=eu-central-1", s3 = false)
class StarterWithBedrockTest {

    /** The whole application: no Trae bean declared by hand. */
    @SpringBootApplication
    static class App {
    }

    @Autowired
    TraeBedrockClient bedrock;

    @Autowired
    TraeLocalStack local;

    @Autowired
    ApplicationContext context;

    @Test
    void bedrock_whenInjected_conversesWithTraeLocal() {
        ConverseResult r = bedrock.converse(c -> c.modelId("amazon.nova-lite-v1:0").user("What does a litre of diesel cost?"));
        assertThat(r.text()).isNotBlank();
        assertThat(r.usage().outputTokens()).isPositive();
        assertThat(local.local().server("bedrock-runtime").count("Converse")).isEqualTo(1);
    }

    @Test
    void bedrock_whenStreaming_deliversDeltasThenTheResult() throws Exception {
        List<String> deltas = new CopyOnWriteArrayList<>();
        CompletableFuture<ConverseResult> done = new CompletableFuture<>();
        bedrock.converseStream(dev.trae.aws.bedrock.model.ConverseRequest.builder().modelId("amazon.nova-lite-v1:0")
                .user("Write two sentences about fuel deliveries.").build(), new StreamListener() {
                    @Override
                    public void onText(String delta) {
                        deltas.add(delta);
                    }

                    @Override
                    public void onComplete(ConverseResult result) {
                        done.complete(result);
                    }

                    @Override
                    public void onError(RuntimeException error) {
                        done.completeExceptionally(error);
                    }
                });
        ConverseResult result = done.get(30, TimeUnit.SECONDS);
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo(result.text());
    }

    @Test
    void config_whenTestSetsRegion_winsOverTheSliceAndPointsAtTraeLocal() {
        TraeConfig config = context.getBean(TraeConfig.class);
        assertThat(config.region()).isEqualTo(Region.EU_CENTRAL_1);
        assertThat(config.mode()).isEqualTo(TraeConfig.Mode.LOCAL);
        assertThat(config.endpoint("bedrock-runtime")).contains(local.local().server("bedrock-runtime").endpoint());
        assertThat(bedrock.config()).isSameAs(config);
    }

    @Test
    void starter_bringsNoModuleTheApplicationDidNotAdd() {
        for (String absent : List.of("dev.trae.aws.vision.VisionClient", "dev.trae.aws.lex.LexClient",
                "dev.trae.aws.robotics.SimulationClient", "dev.trae.aws.training.TrainingClient", "dev.trae.oracle.OracleExporter",
                "dev.trae.ocr.OcrEngine", "dev.trae.security.AuditLog")) {
            assertThat(ClassUtils.isPresent(absent, getClass().getClassLoader())).as(absent).isFalse();
        }
        assertThat(Arrays.stream(context.getBeanDefinitionNames()).filter(n -> n.startsWith("trae")))
                .contains("traeConfig", "traeBedrockClient")
                .noneMatch(n -> n.contains("Vision") || n.contains("Lex") || n.contains("Ocr") || n.contains("Secrets"));
        assertThat(context.containsBean("traeLocalStack")).isTrue();
    }
}
