package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.Description;
import dev.trae.aws.bedrock.model.GuardrailConfig;
import dev.trae.aws.bedrock.model.GuardrailResult;
import dev.trae.aws.bedrock.model.InvokeResult;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.StopReason;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.StructuredResult;
import dev.trae.aws.bedrock.model.ToolLoopResult;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import dev.trae.testkit.aws.bedrockruntime.FakeReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TraeBedrockClient against the Trae Local bedrock-runtime fake: converse, tools, structured output, invoke, guardrails. */
@ExtendWith(TraeLocalExtension.class)
class BedrockClientTest {
    static final String NOVA = "amazon.nova-lite-v1:0";
    private final TraeLocal local;
    private BedrockRuntimeFake fake;

    BedrockClientTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() {
        fake = local.fake("bedrock-runtime", new BedrockRuntimeFake());
    }

    private TraeBedrockClient client() {
        return TraeBedrockClient.create(local.config());
    }

    @Test
    void converse_whenPromptGiven_returnsTextUsageAndCost() {
        try (TraeBedrockClient bedrock = client()) {
            ConverseResult r = bedrock.converse(c -> c.modelId(NOVA).system("Be brief.").user("What is a fuel pump?")
                    .inference(i -> i.maxTokens(500).temperature(0.1)));
            assertThat(r.text()).isEqualTo("Answer to: What is a fuel pump?");
            assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(r.usage().inputTokens()).isPositive();
            assertThat(r.usage().outputTokens()).isEqualTo(BedrockRuntimeFake.tokens(r.text()));
            // Nova Lite: USD 0.00006 per 1k input and 0.00024 per 1k output tokens
            assertThat(r.cost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(
                    new BigDecimal("0.00006").multiply(BigDecimal.valueOf(r.usage().inputTokens()))
                            .add(new BigDecimal("0.00024").multiply(BigDecimal.valueOf(r.usage().outputTokens())))
                            .divide(BigDecimal.valueOf(1000))));
            assertThat(bedrock.ledger().cost("default")).isEqualByComparingTo(r.cost().orElseThrow());
            assertThat(bedrock.ledger().usage("default")).isEqualTo(r.usage());
        }
        JsonNode sent = local.server("bedrock-runtime").requests("Converse").get(0).json();
        assertThat(sent.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(sent.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(500);
    }

    @Test
    void converse_withImageAndDocument_sendsBothBlocks() throws Exception {
        byte[] png = dev.trae.aws.bedrock.TestImages.png(32, 32);
        try (TraeBedrockClient bedrock = client()) {
            bedrock.converse(c -> c.modelId(NOVA).message(Message.user(ContentBlock.text("Describe"), ContentBlock.image(png, "png"),
                    ContentBlock.document("hello".getBytes(), "txt", "notes (v1)"))));
        }
        JsonNode content = local.server("bedrock-runtime").requests("Converse").get(0).json().path("messages").get(0).path("content");
        assertThat(content.get(1).path("image").path("format").asText()).isEqualTo("png");
        assertThat(content.get(2).path("document").path("name").asText()).isEqualTo("notes (v1)");
    }

    @Test
    void converse_withCachePoints_reportsCacheWriteThenRead() {
        String longSystem = "You review Java code. ".repeat(200);
        try (TraeBedrockClient bedrock = client()) {
            ConverseRequest req = ConverseRequest.builder().modelId(NOVA).system(longSystem).systemCachePoint().user("Review A").build();
            ConverseResult first = bedrock.converse(req);
            ConverseResult second = bedrock.converse(req);
            assertThat(first.usage().cacheWriteTokens()).isPositive();
            assertThat(first.usage().cacheReadTokens()).isZero();
            assertThat(second.usage().cacheReadTokens()).isEqualTo(first.usage().cacheWriteTokens());
            assertThat(bedrock.ledger().totalUsage().cacheReadTokens()).isEqualTo(second.usage().cacheReadTokens());
        }
    }

    @Test
    void converseAsync_whenCalled_completesWithSameAnswer() {
        try (TraeBedrockClient bedrock = client()) {
            ConverseResult r = bedrock.converseAsync(ConverseRequest.builder().modelId(NOVA).user("ping").build()).join();
            assertThat(r.text()).isEqualTo("Answer to: ping");
        }
    }

    record WeatherQuery(@Description("city name") String city) {
    }

    @Test
    void converseWithTools_whenModelCallsTool_runsItAndReturnsFinalAnswer() {
        AtomicInteger calls = new AtomicInteger();
        Tool<WeatherQuery> weather = Tool.of("get_weather", "Current weather of a city", WeatherQuery.class, q -> {
            calls.incrementAndGet();
            return Map.of("city", q.city(), "celsius", 21);
        });
        try (TraeBedrockClient bedrock = client()) {
            ToolLoopResult r = bedrock.converseWithTools(ConverseRequest.builder().modelId(NOVA)
                    .user("Use get_weather for city Kyiv").build(), List.of(weather), 5);
            assertThat(calls).hasValue(1);
            assertThat(r.invocations()).hasSize(1);
            assertThat(r.invocations().get(0).call().input().path("city").asText()).isEqualTo("Kyiv");
            assertThat(r.result().text()).contains("\"celsius\":21");
            assertThat(r.rounds()).isEqualTo(2);
            assertThat(r.usage().totalTokens()).isGreaterThan(r.result().usage().totalTokens());
        }
        JsonNode second = local.server("bedrock-runtime").requests("Converse").get(1).json();
        assertThat(second.path("messages").get(2).path("content").get(0).path("toolResult").path("status").asText()).isEqualTo("success");
    }

    @Test
    void converseWithTools_whenToolThrows_reportsErrorToModel() {
        Tool<WeatherQuery> broken = Tool.of("get_weather", "Weather", WeatherQuery.class, q -> {
            throw new IllegalStateException("sensor offline password=hunter2");
        });
        try (TraeBedrockClient bedrock = client()) {
            ToolLoopResult r = bedrock.converseWithTools(ConverseRequest.builder().modelId(NOVA)
                    .user("Use get_weather for city Lviv").build(), List.of(broken), 3);
            assertThat(r.invocations().get(0).result().error()).isTrue();
            assertThat(r.invocations().get(0).result().content().asText()).contains("sensor offline").doesNotContain("hunter2");
        }
    }

    @Test
    void converseWithTools_whenModelNeverStops_failsAfterMaxRounds() {
        for (int i = 0; i < 3; i++) {
            fake.enqueue(FakeReply.toolUse("get_weather", Map.of("city", "Odesa")));
        }
        Tool<WeatherQuery> weather = Tool.of("get_weather", "Weather", WeatherQuery.class, q -> "sunny");
        try (TraeBedrockClient bedrock = client()) {
            assertThatThrownBy(() -> bedrock.converseWithTools(ConverseRequest.builder().modelId(NOVA).user("loop").build(),
                    List.of(weather), 3)).isInstanceOf(dev.trae.aws.core.TraeModelOutputException.class).hasMessageContaining("3 model calls");
        }
    }

    record Station(String name, String city, int pumps, List<String> fuels) {
    }

    @Test
    void converseForObject_whenModelCallsTool_bindsRecord() {
        try (TraeBedrockClient bedrock = client()) {
            StructuredResult<Station> r = bedrock.converseForObject(Station.class,
                    c -> c.modelId(NOVA).user("Describe the station in Kyiv, name Central"));
            assertThat(r.value().name()).isEqualTo("Central");
            assertThat(r.value().city()).isEqualTo("Kyiv");
            assertThat(r.value().fuels()).hasSize(1);
            assertThat(r.attempts()).isEqualTo(1);
        }
        JsonNode sent = local.server("bedrock-runtime").requests("Converse").get(0).json();
        assertThat(sent.path("toolConfig").path("toolChoice").path("tool").path("name").asText()).isEqualTo("structured_output");
        assertThat(sent.path("toolConfig").path("tools").get(0).path("toolSpec").path("inputSchema").path("json").path("required"))
                .hasSize(4);
    }

    @Test
    void converseForObject_whenFirstOutputIncomplete_repairsOnce() {
        fake.enqueue(FakeReply.toolUse("structured_output", Map.of("name", "X")));
        try (TraeBedrockClient bedrock = client()) {
            StructuredResult<Station> r = bedrock.converseForObject(Station.class,
                    c -> c.modelId(NOVA).user("Describe the station in Kyiv, name Central"));
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.value().city()).isEqualTo("Kyiv");
        }
        JsonNode second = local.server("bedrock-runtime").requests("Converse").get(1).json();
        assertThat(second.path("messages").get(2).toString()).contains("city").contains("pumps");
    }

    @Test
    void invokeModel_withNovaNativeBody_returnsBodyAndHeaderUsage() throws Exception {
        try (TraeBedrockClient bedrock = client()) {
            JsonNode body = Docs.MAPPER.readTree("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello there\"}]}],"
                    + "\"inferenceConfig\":{\"maxTokens\":100}}");
            InvokeResult r = bedrock.invokeModel(NOVA, Docs.MAPPER.writeValueAsBytes(body), "application/json");
            JsonNode out = Docs.MAPPER.readTree(r.body());
            assertThat(out.path("output").path("message").path("content").get(0).path("text").asText()).isEqualTo("Answer to: hello there");
            assertThat(r.usage().inputTokens()).isPositive();
            assertThat(r.usage().outputTokens()).isPositive();
        }
    }

    @Test
    void invokeModel_withImageBody_returnsPng() throws Exception {
        try (TraeBedrockClient bedrock = client()) {
            JsonNode out = bedrock.invokeModelJson("stability.stable-image-core-v1:1", Docs.MAPPER.readTree(
                    "{\"prompt\":\"a fuel station at dusk\",\"mode\":\"text-to-image\",\"output_format\":\"png\"}"));
            byte[] png = java.util.Base64.getDecoder().decode(out.path("images").get(0).asText());
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertThat(img.getWidth()).isPositive();
            assertThat(out.path("finish_reasons").isArray()).isTrue();
            // Nova Canvas reached end of life on 2026-09-30: refused before anything is sent
            int sent = local.server("bedrock-runtime").requests().size();
            assertThatThrownBy(() -> bedrock.invokeModelJson("amazon.nova-canvas-v1:0", Docs.MAPPER.readTree(
                    "{\"taskType\":\"TEXT_IMAGE\",\"textToImageParams\":{\"text\":\"a fuel station at dusk\"}}")))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("end of life");
            assertThat(local.server("bedrock-runtime").requests()).hasSize(sent);
        }
    }

    @Test
    void converse_whenGuardrailBlocksInput_returnsTypedAssessment() {
        try (TraeBedrockClient bedrock = client()) {
            ConverseResult r = bedrock.converse(c -> c.modelId(NOVA).user("tell me about the forbidden-topic")
                    .guardrail(GuardrailConfig.of("gr1abc", "1")));
            assertThat(r.guardrailIntervened()).isTrue();
            assertThat(r.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
            assertThat(r.guardrail()).isPresent();
            assertThat(r.guardrail().get().input()).hasSize(1);
            assertThat(r.guardrail().get().input().get(0).blocked()).isTrue();
            assertThat(r.guardrail().get().input().get(0).words().get(0).match()).isEqualTo("forbidden-topic");
        }
        JsonNode sent = local.server("bedrock-runtime").requests("Converse").get(0).json();
        assertThat(sent.path("guardrailConfig").path("trace").asText()).isEqualTo("enabled");
    }

    @Test
    void converse_whenGuardrailBlocksOutput_reportsOutputAssessment() {
        fake.enqueue(FakeReply.text("here is the forbidden-topic in detail"));
        try (TraeBedrockClient bedrock = client()) {
            ConverseResult r = bedrock.converse(c -> c.modelId(NOVA).user("harmless question")
                    .guardrail(GuardrailConfig.of("gr1abc", "DRAFT")));
            assertThat(r.guardrailIntervened()).isTrue();
            assertThat(r.guardrail().get().output()).hasSize(1);
            assertThat(r.text()).doesNotContain("forbidden-topic");
        }
    }

    @Test
    void applyGuardrail_withEmail_masksAndHidesMatchInToString() {
        try (TraeBedrockClient bedrock = client()) {
            GuardrailResult r = bedrock.applyGuardrail(GuardrailConfig.of("gr1abc", "1"), TraeBedrockClient.GuardrailSource.OUTPUT,
                    List.of("write to ivan.petrenko@example.com today"));
            assertThat(r.intervened()).isTrue();
            assertThat(r.outputs()).containsExactly("write to {EMAIL} today");
            assertThat(r.assessments().get(0).piiEntities().get(0).type()).isEqualTo("EMAIL");
            assertThat(r.assessments().get(0).piiEntities().get(0).match()).isEqualTo("ivan.petrenko@example.com");
            assertThat(r.toString()).doesNotContain("ivan.petrenko");
        }
    }

    @Test
    void applyGuardrail_withCleanText_doesNotIntervene() {
        try (TraeBedrockClient bedrock = client()) {
            GuardrailResult r = bedrock.applyGuardrail(GuardrailConfig.of("gr1abc", "1"), TraeBedrockClient.GuardrailSource.INPUT,
                    List.of("how many pumps are there"));
            assertThat(r.intervened()).isFalse();
            assertThat(r.assessments().get(0).isEmpty()).isTrue();
        }
    }

    @Test
    void converse_whenModelRetiredAtService_failsWithNotFound() {
        fake.endOfLife("amazon.titan-text-express-v1");
        try (TraeBedrockClient bedrock = client()) {
            assertThatThrownBy(() -> bedrock.converse(c -> c.modelId("amazon.titan-text-express-v1").user("hi")))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.retryable()).isFalse();
                    });
        }
        assertThat(local.server("bedrock-runtime").count("Converse")).isEqualTo(1);
    }

    @Test
    void converseStream_whenStreaming_deliversDeltasAndUsage() {
        fake.enqueue(FakeReply.text("Streaming answer in several chunks."));
        List<String> deltas = new CopyOnWriteArrayList<>();
        try (TraeBedrockClient bedrock = client()) {
            ConverseStreamCall call = bedrock.converseStream(ConverseRequest.builder().modelId(NOVA).user("stream please").build(),
                    StreamListener.text(deltas::add));
            ConverseResult r = call.await(Duration.ofSeconds(10));
            assertThat(String.join("", deltas)).isEqualTo("Streaming answer in several chunks.");
            assertThat(deltas.size()).isGreaterThan(1);
            assertThat(r.text()).isEqualTo("Streaming answer in several chunks.");
            assertThat(r.usage().outputTokens()).isPositive();
            assertThat(call.attempts()).isEqualTo(1);
            assertThat(bedrock.ledger().usage("default")).isEqualTo(r.usage());
        }
    }

    @Test
    void converse_withValidationError_throwsBeforeSending() {
        try (TraeBedrockClient bedrock = client()) {
            assertThatThrownBy(() -> bedrock.converse(c -> c.modelId(NOVA).user("   ")))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("prompt");
        }
        assertThat(local.server("bedrock-runtime").requests()).isEmpty();
    }
}
