package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.ToolChoice;
import dev.trae.aws.bedrock.model.ToolSpec;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input fails before any call; budgets refuse; secrets stay out of messages. */
@ExtendWith(TraeLocalExtension.class)
class ValidationTest {
    static final String NOVA = "amazon.nova-lite-v1:0";
    private final TraeLocal local;
    private TraeBedrockClient bedrock;

    ValidationTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() {
        local.fake("bedrock-runtime", new BedrockRuntimeFake());
        bedrock = TraeBedrockClient.create(local.config());
    }

    @AfterEach
    void tearDown() {
        bedrock.close();
        assertThat(local.server("bedrock-runtime").requests()).as("nothing may be sent").isEmpty();
    }

    private void refused(ConverseRequest r, String parameter) {
        assertThatThrownBy(() -> bedrock.converse(r)).isInstanceOfSatisfying(TraeValidationException.class,
                e -> assertThat(e.parameter()).isEqualTo(parameter));
    }

    @Test
    void converse_withNoMessages_isRefused() {
        refused(ConverseRequest.builder().modelId(NOVA).build(), "messages");
    }

    @Test
    void converse_withEmptyPrompt_isRefused() {
        refused(ConverseRequest.builder().modelId(NOVA).user("").build(), "prompt");
    }

    @Test
    void converse_withPromptBeyondContextWindow_isRefused() {
        refused(ConverseRequest.builder().modelId("amazon.nova-micro-v1:0").user("word ".repeat(100_000)).build(), "prompt");
    }

    @Test
    void converse_withRetiredModel_isRefusedNamingReplacement() {
        assertThatThrownBy(() -> bedrock.converse(c -> c.modelId("anthropic.claude-3-7-sonnet-20250219-v1:0").user("hi")))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("end of life")
                .hasMessageContaining("anthropic.claude-sonnet-4-6");
    }

    @Test
    void converse_withNonexistentSeedModel_isRefusedWithSuggestion() {
        assertThatThrownBy(() -> bedrock.converse(c -> c.modelId("amazon.nova-1").user("hi")))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("amazon.nova-lite-v1:0");
    }

    @Test
    void converse_withHostileModelId_isRefused() {
        refused(ConverseRequest.builder().modelId("../../etc/passwd?x=1 ").user("hi").build(), "modelId");
        refused(ConverseRequest.builder().modelId("").user("hi").build(), "modelId");
    }

    @Test
    void converse_withOversizedImage_isRefused() {
        byte[] big = new byte[4_000_000];
        big[0] = (byte) 0x89;
        big[1] = 'P';
        big[2] = 'N';
        big[3] = 'G';
        refused(ConverseRequest.builder().modelId(NOVA).message(Message.user(ContentBlock.text("x"), ContentBlock.image(big, "png"))).build(),
                "image");
    }

    @Test
    void converse_withCorruptImage_isRefused() {
        refused(ConverseRequest.builder().modelId(NOVA).message(Message.user(ContentBlock.text("x"),
                ContentBlock.image("not an image".getBytes(), "png"))).build(), "image");
    }

    @Test
    void converse_withImageOnTextOnlyModel_isRefused() throws Exception {
        byte[] png = TestImages.png(8, 8);
        refused(ConverseRequest.builder().modelId("amazon.nova-micro-v1:0").message(Message.user(ContentBlock.text("x"),
                ContentBlock.image(png, "png"))).build(), "image");
    }

    @Test
    void converse_withHostileDocumentName_isRefused() {
        refused(ConverseRequest.builder().modelId(NOVA).message(Message.user(ContentBlock.text("x"),
                ContentBlock.document("a".getBytes(), "txt", "../../secret\u0000.txt"))).build(), "document.name");
    }

    @Test
    void converse_withInvalidToolSchema_isRefused() throws Exception {
        JsonNode notObject = Docs.MAPPER.readTree("{\"type\":\"string\"}");
        refused(ConverseRequest.builder().modelId(NOVA).user("x").tool(new ToolSpec("t1", "d", notObject)).build(), "tool.inputSchema");
        JsonNode badRequired = Docs.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"b\"]}");
        refused(ConverseRequest.builder().modelId(NOVA).user("x").tool(new ToolSpec("t1", "d", badRequired)).build(), "tool.inputSchema");
        JsonNode ok = Docs.MAPPER.readTree("{\"type\":\"object\"}");
        refused(ConverseRequest.builder().modelId(NOVA).user("x").tool(new ToolSpec("bad name!", "d", ok)).build(), "tool.name");
        refused(ConverseRequest.builder().modelId(NOVA).user("x").tool(new ToolSpec("t1", "d", ok)).tool(new ToolSpec("t1", "d", ok)).build(),
                "tool.name");
        refused(ConverseRequest.builder().modelId(NOVA).user("x").tool(new ToolSpec("t1", "d", ok)).toolChoice(ToolChoice.tool("t2")).build(),
                "toolChoice");
    }

    @Test
    void converse_withBadInferenceConfig_isRefused() {
        refused(ConverseRequest.builder().modelId(NOVA).user("x").inference(i -> i.temperature(1.5)).build(), "temperature");
        refused(ConverseRequest.builder().modelId(NOVA).user("x").inference(i -> i.maxTokens(0)).build(), "maxTokens");
    }

    @Test
    void converse_withAlternationBroken_isRefused() {
        refused(ConverseRequest.builder().modelId(NOVA).user("a").user("b").build(), "messages");
        refused(ConverseRequest.builder().modelId(NOVA).message(Message.assistant("a")).build(), "messages");
    }

    @Test
    void converse_withCachePointOnModelWithoutCaching_isRefused() {
        refused(ConverseRequest.builder().modelId("anthropic.claude-3-haiku-20240307-v1:0").system("s").systemCachePoint().user("x").build(),
                "cachePoint");
    }

    @Test
    void converse_whenBudgetUsedUp_isRefusedBeforeSending() {
        bedrock.ledger().budget(Budget.refuse("ide", "0.001"));
        bedrock.ledger().record("ide", NOVA, new dev.trae.aws.bedrock.model.TokenUsage(100_000, 0, 0, 0));
        assertThatThrownBy(() -> bedrock.converse(c -> c.modelId(NOVA).user("x").app("ide")))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.app()).isEqualTo("ide");
                    assertThat(e.spent()).isGreaterThanOrEqualTo(new BigDecimal("0.001"));
                });
    }

    @Test
    void applyGuardrail_withBadInput_isRefused() {
        var g = dev.trae.aws.bedrock.model.GuardrailConfig.of("gr1abc", "1");
        assertThatThrownBy(() -> bedrock.applyGuardrail(g, TraeBedrockClient.GuardrailSource.INPUT, List.of()))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> bedrock.applyGuardrail(dev.trae.aws.bedrock.model.GuardrailConfig.of("../x", "1"),
                TraeBedrockClient.GuardrailSource.INPUT, List.of("t"))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> bedrock.applyGuardrail(dev.trae.aws.bedrock.model.GuardrailConfig.of("gr1abc", "v1; drop"),
                TraeBedrockClient.GuardrailSource.INPUT, List.of("t"))).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void invokeModel_withEmptyBody_isRefused() {
        assertThatThrownBy(() -> bedrock.invokeModel(NOVA, new byte[0], "application/json")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void toString_ofClientAndRequest_hasNoSecretsOrPrompt() {
        ConverseRequest r = ConverseRequest.builder().modelId(NOVA).user("my password=hunter2 and key AKIAABCDEFGHIJKLMNOP").build();
        assertThat(r.toString()).doesNotContain("hunter2").doesNotContain("AKIA");
        assertThat(bedrock.toString()).doesNotContain(dev.trae.testkit.aws.s3.EmbeddedS3.SECRET_KEY);
    }
}
