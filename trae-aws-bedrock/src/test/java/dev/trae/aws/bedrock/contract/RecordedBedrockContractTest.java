package dev.trae.aws.bedrock.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.KnowledgeBase;
import dev.trae.aws.bedrock.Tool;
import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.GuardrailAssessment;
import dev.trae.aws.bedrock.model.GuardrailConfig;
import dev.trae.aws.bedrock.model.InvokeResult;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.Passage;
import dev.trae.aws.bedrock.model.RagAnswer;
import dev.trae.aws.bedrock.model.StopReason;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.ToolLoopResult;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract tests on real recorded Bedrock Runtime and Bedrock Agent Runtime responses (issue 16, point 8): each
 * recording is replayed byte for byte by a loopback server to the real AWS SDK client behind
 * {@link TraeBedrockClient} and {@link KnowledgeBase}, and every value they expose is compared with the value in
 * the recording, decoded independently here. The recordings are read in place from {@code ../shared/aws-responses/}.
 */
class RecordedBedrockContractTest {
    /**
     * The id sent for the Claude Sonnet 4 recordings: Sonnet 4 reached end of life on Bedrock on 2026-10-14 and is refused
     * before any call, so the replays send its ACTIVE successor (same price); the replay server answers with the recording.
     */
    private static final String CURRENT_CLAUDE = "us.anthropic.claude-sonnet-4-6";
    private static ReplayServer server;
    private static TraeBedrockClient bedrock;
    private static KnowledgeBase kb;

    @BeforeAll
    static void start() {
        Recording.dir();
        server = new ReplayServer();
        TraeConfig config = TraeConfig.builder().mode(TraeConfig.Mode.LOCAL).region("us-east-1")
                .credentials(TraeCredentials.staticKeys("AKIDREPLAY", "replay-secret"))
                .endpoint("bedrock-runtime", server.endpoint()).endpoint("bedrock-agent-runtime", server.endpoint())
                .resilience(ResiliencePolicy.builder().maxAttempts(1).build())
                .build();
        bedrock = TraeBedrockClient.create(config);
        kb = KnowledgeBase.create(config);
    }

    @AfterAll
    static void stop() {
        if (bedrock != null) {
            bedrock.close();
            kb.close();
            server.close();
        }
    }

    private static List<Recording.Interaction> replay(String file) {
        List<Recording.Interaction> i = Recording.cassette(file);
        server.replay(i);
        bedrock.ledger().reset();
        return i;
    }

    private static JsonNode content(Recording.Interaction i) {
        return i.json().path("output").path("message").path("content");
    }

    // ------------------------------------------------------------------ Converse

    @Test
    void converse_text_novaMicro_exposesTextStopUsageLatencyAndCost() {
        Recording.Interaction rec = replay("bedrock-runtime/converse_text_nova-micro.pydantic-ai.yaml").get(0);
        ConverseResult r = bedrock.converse(c -> c.modelId("us.amazon.nova-micro-v1:0").user("What is the capital of France?"));
        JsonNode body = rec.json();
        assertThat(r.text()).isEqualTo(content(rec).get(0).path("text").asText()).isNotEmpty();
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(r.usage().inputTokens()).isEqualTo(body.path("usage").path("inputTokens").asLong());
        assertThat(r.usage().outputTokens()).isEqualTo(body.path("usage").path("outputTokens").asLong());
        assertThat(r.latencyMs()).isEqualTo(body.path("metrics").path("latencyMs").asLong());
        // Nova Micro: USD 0.000035 per 1k input tokens, 0.00014 per 1k output tokens
        BigDecimal expected = new BigDecimal("0.000035").multiply(BigDecimal.valueOf(r.usage().inputTokens()))
                .add(new BigDecimal("0.00014").multiply(BigDecimal.valueOf(r.usage().outputTokens())))
                .divide(BigDecimal.valueOf(1000));
        assertThat(r.cost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(expected));
        assertThat(bedrock.ledger().totalCost()).isEqualByComparingTo(expected);
        assertThat(server.sent().get(0).path()).isEqualTo("/model/us.amazon.nova-micro-v1%3A0/converse");
    }

    @Test
    void converse_reasoningWithSignature_isKeptAndSentBackUnchanged() {
        List<Recording.Interaction> rec = replay("bedrock-runtime/converse_reasoning-signature_claude-sonnet-4.pydantic-ai.yaml");
        ConverseRequest first = ConverseRequest.builder().modelId(CURRENT_CLAUDE)
                .user("How do I cross the street?").build();
        ConverseResult r = bedrock.converse(first);
        JsonNode recorded = content(rec.get(0)).get(0).path("reasoningContent").path("reasoningText");
        assertThat(r.message().reasoning()).singleElement().satisfies(x -> {
            assertThat(x.text()).contains(recorded.path("text").asText());
            assertThat(x.signature()).contains(recorded.path("signature").asText());
            assertThat(x.isRedacted()).isFalse();
        });
        assertThat(ContentBlock.kinds(r.message().content())).containsExactly(ContentBlock.Kind.REASONING, ContentBlock.Kind.TEXT);
        assertThat(r.text()).isEqualTo(content(rec.get(0)).get(1).path("text").asText());
        assertThat(r.usage().cacheReadTokens()).isEqualTo(rec.get(0).json().path("usage").path("cacheReadInputTokens").asLong());

        List<Message> conversation = new ArrayList<>(first.messages());
        conversation.add(r.message());
        conversation.add(Message.user("Considering the way to cross the street, analogously, how do I cross the river?"));
        ConverseResult second = bedrock.converse(first.toBuilder().messages(conversation).build());
        JsonNode sentBack = server.sent().get(1).json().path("messages").get(1).path("content").get(0).path("reasoningContent")
                .path("reasoningText");
        assertThat(sentBack.path("text").asText()).isEqualTo(recorded.path("text").asText());
        assertThat(sentBack.path("signature").asText()).isEqualTo(recorded.path("signature").asText());
        assertThat(second.message().reasoning()).hasSize(1);
    }

    @Test
    void converse_redactedReasoning_keepsTheBytes_andSendsThemBack() {
        List<Recording.Interaction> rec = replay("bedrock-runtime/converse_reasoning-redacted_claude-3-7-sonnet.pydantic-ai.yaml");
        // the recording's model (Claude 3.7 Sonnet) is EOL since 2026-04-28 and refused offline: replay with a current id
        ConverseRequest first = ConverseRequest.builder().modelId("us.anthropic.claude-sonnet-4-6").user("Hello").build();
        ConverseResult r = bedrock.converse(first);
        byte[] expected = Base64.getDecoder().decode(content(rec.get(0)).get(0).path("reasoningContent").path("redactedContent").asText());
        assertThat(r.message().reasoning()).singleElement().satisfies(x -> {
            assertThat(x.isRedacted()).isTrue();
            assertThat(x.redactedContent()).isEqualTo(expected);
            assertThat(x.text()).isEmpty();
        });
        assertThat(r.text()).isEqualTo(content(rec.get(0)).get(1).path("text").asText());
        List<Message> conversation = new ArrayList<>(first.messages());
        conversation.add(r.message());
        conversation.add(Message.user("What was my previous question?"));
        bedrock.converse(first.toBuilder().messages(conversation).build());
        String sent = server.sent().get(1).json().path("messages").get(1).path("content").get(0).path("reasoningContent")
                .path("redactedContent").asText();
        assertThat(Base64.getDecoder().decode(sent)).isEqualTo(expected);
    }

    @Test
    void converseWithTools_reasoningBeforeToolUse_goesBackInTheToolLoop() {
        List<Recording.Interaction> rec = replay("bedrock-runtime/converse_reasoning-text-tooluse_claude-3-7-sonnet.pydantic-ai.yaml");
        record NoInput() { }
        ToolLoopResult t = bedrock.converseWithTools(ConverseRequest.builder().modelId("us.anthropic.claude-sonnet-4-6")
                .user("What is the largest city in the user country?").build(),
                List.of(Tool.of("get_user_country", "Get the user country", NoInput.class, x -> "Mexico")), 3);
        JsonNode recReasoning = content(rec.get(0)).get(0).path("reasoningContent").path("reasoningText");
        JsonNode sentAssistant = server.sent().get(1).json().path("messages").get(1);
        assertThat(sentAssistant.path("role").asText()).isEqualTo("assistant");
        assertThat(sentAssistant.path("content").get(0).path("reasoningContent").path("reasoningText").path("signature").asText())
                .isEqualTo(recReasoning.path("signature").asText()).isNotEmpty();
        assertThat(sentAssistant.path("content").get(2).path("toolUse").path("name").asText()).isEqualTo("get_user_country");
        assertThat(t.invocations()).singleElement().satisfies(i -> assertThat(i.call().name()).isEqualTo("get_user_country"));
        assertThat(t.result().text()).isEqualTo(content(rec.get(1)).get(0).path("text").asText());
    }

    @Test
    void converse_citationsMixedWithText_keepsAllAnswerText_andTypesTheCitations() {
        Recording.Interaction rec = Recording.jsonBody("bedrock-runtime/converse_citations-mixed-text_claude.vercel-ai.json");
        server.replay(List.of(rec));
        ConverseResult r = bedrock.converse(c -> c.modelId("us.anthropic.claude-sonnet-4-6").user("What is the AI SDK?"));
        JsonNode c = content(rec);
        String expected = c.get(0).path("text").asText() + c.get(1).path("citationsContent").path("content").get(0).path("text").asText()
                + c.get(2).path("text").asText();
        assertThat(r.text()).isEqualTo(expected).hasSize(413);
        assertThat(r.message().citations()).singleElement().satisfies(x -> {
            assertThat(x.title()).isEqualTo("document-1");
            assertThat(x.location()).isEqualTo("documentPage");
            assertThat(x.documentIndex()).isZero();
            assertThat(x.start()).isEqualTo(1);
            assertThat(x.end()).isEqualTo(2);
            assertThat(x.sourceContent()).containsExactly(c.get(1).path("citationsContent").path("citations").get(0)
                    .path("sourceContent").get(0).path("text").asText());
        });
        assertThat(r.usage().inputTokens()).isEqualTo(2798);
        assertThat(r.usage().outputTokens()).isEqualTo(103);
    }

    @Test
    void converse_citationsOnly_answerIsNotEmpty() {
        Recording.Interaction rec = Recording.jsonBody("bedrock-runtime/converse_citations-only_claude.vercel-ai.json");
        server.replay(List.of(rec));
        ConverseResult r = bedrock.converse(c -> c.modelId("us.anthropic.claude-sonnet-4-6").user("Quote the document."));
        StringBuilder expected = new StringBuilder();
        content(rec).get(0).path("citationsContent").path("content").forEach(n -> expected.append(n.path("text").asText()));
        assertThat(r.text()).isEqualTo(expected.toString()).isNotEmpty();
        assertThat(r.message().citations()).hasSize(content(rec).get(0).path("citationsContent").path("citations").size());
    }

    @Test
    void converse_guardrailGrounding_hasGroundingScores_andRegexAndPii() {
        Recording.Interaction rec = replay("bedrock-runtime/converse_guardrail-grounding-regex_nova-lite.openllmetry.yaml").get(0);
        ConverseResult r = bedrock.converse(c -> c.modelId("us.amazon.nova-lite-v1:0").user("What is the capital of Japan?")
                .guardrail(GuardrailConfig.of("v9kpg6yrwhs2", "1")));
        assertThat(r.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
        assertThat(r.guardrailIntervened()).isTrue();
        GuardrailAssessment out = r.guardrail().orElseThrow().output().get(0);
        assertThat(out.grounding()).containsExactly(
                new GuardrailAssessment.GroundingFilter("GROUNDING", 0.75, 1.0, "NONE", false),
                new GuardrailAssessment.GroundingFilter("RELEVANCE", 0.75, 1.0, "NONE", false));
        assertThat(out.piiEntities()).containsExactly(new GuardrailAssessment.PiiMatch("ADDRESS", "Tokyo", "ANONYMIZED"));
        assertThat(out.regexes()).containsExactly(new GuardrailAssessment.RegexMatch("Account Number", "1234561666", "ANONYMIZED"));
        assertThat(r.text()).isEqualTo(content(rec).get(0).path("text").asText());
    }

    @Test
    void converse_validationError400_isTranslatedWithItsCode() {
        replay("bedrock-runtime/converse_error-400-validation.otel-contrib.yaml");
        assertThatThrownBy(() -> bedrock.converse(c -> c.modelId("does-not-exist").user("Say this is a test")))
                .isInstanceOfSatisfying(TraeServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.errorCode()).contains("ValidationException");
                });
    }

    @Test
    void converse_twoParallelToolUses_bothExposed() {
        Recording.Interaction rec = replay("bedrock-runtime/converse_text-and-2-tooluse_nova-micro.otel-contrib.yaml").get(0);
        ConverseResult r = bedrock.converse(c -> c.modelId("amazon.nova-micro-v1:0").user("What is the weather in Seattle and San Francisco?"));
        List<JsonNode> uses = new ArrayList<>();
        content(rec).forEach(n -> {
            if (n.has("toolUse")) {
                uses.add(n.get("toolUse"));
            }
        });
        assertThat(r.toolCalls()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(r.toolCalls().get(i).toolUseId()).isEqualTo(uses.get(i).path("toolUseId").asText());
            assertThat(r.toolCalls().get(i).input()).isEqualTo(uses.get(i).path("input"));
        }
        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
    }

    // ------------------------------------------------------------------ ConverseStream

    private static ConverseResult stream(Recording.Interaction rec, String modelId, StreamListener listener) {
        server.replay(List.of(rec));
        return bedrock.converseStream(ConverseRequest.builder().modelId(modelId).user("Hello").build(), listener)
                .await(Duration.ofSeconds(30));
    }

    private static String streamText(byte[] body, int index) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonNode> f : Recording.frames(body)) {
            JsonNode d = f.getValue().path("delta");
            if (f.getKey().equals("contentBlockDelta") && f.getValue().path("contentBlockIndex").asInt() == index && d.has("text")) {
                b.append(d.get("text").asText());
            }
        }
        return b.toString();
    }

    @Test
    void converseStream_reasoningAndSignatureDeltas_areKept() {
        Recording.Interaction rec = Recording.cassette("bedrock-runtime/converse-stream_reasoning-signature_claude-sonnet-4.pydantic-ai.yaml").get(0);
        List<String> reasoningDeltas = new ArrayList<>();
        ConverseResult r = stream(rec, CURRENT_CLAUDE, new StreamListener() {
            @Override
            public void onReasoning(String delta) {
                reasoningDeltas.add(delta);
            }
        });
        StringBuilder text = new StringBuilder();
        String signature = null;
        for (Map.Entry<String, JsonNode> f : Recording.frames(rec.body())) {
            JsonNode rc = f.getValue().path("delta").path("reasoningContent");
            if (rc.has("text")) {
                text.append(rc.get("text").asText());
            }
            if (rc.has("signature")) {
                signature = rc.get("signature").asText();
            }
        }
        String sig = signature;
        assertThat(reasoningDeltas).hasSize(14);
        assertThat(r.message().reasoning()).singleElement().satisfies(x -> {
            assertThat(x.text()).contains(text.toString());
            assertThat(x.signature()).contains(sig);
        });
        assertThat(r.text()).isEqualTo(streamText(rec.body(), 1)).isNotEmpty();
        // the next turn carries the reasoning block back
        server.replay(List.of(rec));
        bedrock.converseStream(ConverseRequest.builder().modelId(CURRENT_CLAUDE)
                .messages(List.of(Message.user("Hello"), r.message(), Message.user("Again"))).build(), StreamListener.noop())
                .await(Duration.ofSeconds(30));
        assertThat(server.sent().get(0).json().path("messages").get(1).path("content").get(0).path("reasoningContent")
                .path("reasoningText").path("signature").asText()).isEqualTo(sig);
    }

    @Test
    void converseStream_redactedReasoning_twoBlocksKept() {
        Recording.Interaction rec = Recording.cassette("bedrock-runtime/converse-stream_reasoning-redacted_claude-3-7-sonnet.pydantic-ai.yaml").get(0);
        ConverseResult r = stream(rec, "us.anthropic.claude-sonnet-4-6", StreamListener.noop());
        List<byte[]> expected = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : Recording.frames(rec.body())) {
            JsonNode rc = f.getValue().path("delta").path("reasoningContent");
            if (rc.has("redactedContent")) {
                expected.add(Base64.getDecoder().decode(rc.get("redactedContent").asText()));
            }
        }
        assertThat(expected).hasSize(2);
        assertThat(r.message().reasoning()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(r.message().reasoning().get(i).redactedContent()).isEqualTo(expected.get(i));
        }
        assertThat(r.text()).isNotEmpty();
    }

    @Test
    void converseStream_citationDeltas_areTyped_andTextKept() {
        Recording.Interaction rec = Recording.decodedEvents("bedrock-runtime/converse-stream_citations-decoded-events_claude-sonnet-4.vercel-ai.jsonl");
        List<ContentBlock.Citation> seen = new ArrayList<>();
        ConverseResult r = stream(rec, CURRENT_CLAUDE, new StreamListener() {
            @Override
            public void onCitation(ContentBlock.Citation citation) {
                seen.add(citation);
            }
        });
        StringBuilder text = new StringBuilder();
        int citations = 0;
        JsonNode firstCitation = null;
        for (Map.Entry<String, JsonNode> f : Recording.frames(rec.body())) {
            JsonNode d = f.getValue().path("delta");
            if (d.has("text")) {
                text.append(d.get("text").asText());
            }
            if (d.has("citation")) {
                citations++;
                firstCitation = firstCitation == null ? d.get("citation") : firstCitation;
            }
        }
        assertThat(citations).isPositive();
        assertThat(r.text()).isEqualTo(text.toString());
        assertThat(seen).hasSize(citations);
        assertThat(r.message().citations()).hasSize(citations);
        ContentBlock.Citation c0 = r.message().citations().get(0);
        assertThat(c0.title()).isEqualTo(firstCitation.path("title").asText());
        assertThat(c0.location()).isEqualTo("documentPage");
        assertThat(c0.start()).isEqualTo(firstCitation.path("location").path("documentPage").path("start").asInt());
        assertThat(c0.sourceContent()).containsExactly(firstCitation.path("sourceContent").get(0).path("text").asText());
    }

    @Test
    void converseStream_twoToolUses_andText() {
        Recording.Interaction rec = Recording.cassette("bedrock-runtime/converse-stream_text-and-2-tooluse_nova-micro.otel-contrib.yaml").get(0);
        ConverseResult r = stream(rec, "amazon.nova-micro-v1:0", StreamListener.noop());
        assertThat(r.toolCalls()).hasSize(2);
        assertThat(r.text()).isEqualTo(streamText(rec.body(), 0)).isNotEmpty();
        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
        JsonNode usage = null;
        for (Map.Entry<String, JsonNode> f : Recording.frames(rec.body())) {
            if (f.getKey().equals("metadata")) {
                usage = f.getValue().path("usage");
            }
        }
        assertThat(r.usage().inputTokens()).isEqualTo(usage.path("inputTokens").asLong());
        assertThat(r.usage().outputTokens()).isEqualTo(usage.path("outputTokens").asLong());
    }

    @Test
    void converseStream_guardrailGrounding_inMetadataTrace() {
        Recording.Interaction rec = Recording.cassette("bedrock-runtime/converse-stream_guardrail-grounding-regex_nova-lite.openllmetry.yaml").get(0);
        ConverseResult r = stream(rec, "us.amazon.nova-lite-v1:0", StreamListener.noop());
        assertThat(r.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
        assertThat(r.guardrail().orElseThrow().output()).anySatisfy(a -> assertThat(a.grounding()).extracting(
                GuardrailAssessment.GroundingFilter::type).containsExactly("GROUNDING", "RELEVANCE"));
    }

    // ------------------------------------------------------------------ InvokeModel

    @Test
    void invokeModel_cacheTokenHeaders_reachUsageAndLedger() {
        List<Recording.Interaction> rec = replay("bedrock-runtime/invoke-model_anthropic-messages-cache-usage_claude-3-5-haiku.openllmetry.yaml");
        byte[] body = rec.get(0).request().path("body").asText().getBytes(StandardCharsets.UTF_8);
        // Claude 3.5 Haiku is EOL since 2026-06-19 and refused offline: the same native body to Haiku 4.5
        String model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
        InvokeResult first = bedrock.invokeModel(model, body, "application/json");
        InvokeResult second = bedrock.invokeModel(model, body, "application/json");
        Map<String, String> h1 = rec.get(0).headers();
        Map<String, String> h2 = rec.get(1).headers();
        assertThat(first.usage().cacheWriteTokens()).isEqualTo(Long.parseLong(h1.get("X-Amzn-Bedrock-Cache-Write-Input-Token-Count")))
                .isEqualTo(18131);
        assertThat(first.usage().cacheReadTokens()).isEqualTo(Long.parseLong(h1.get("X-Amzn-Bedrock-Cache-Read-Input-Token-Count")));
        assertThat(second.usage().cacheReadTokens()).isEqualTo(Long.parseLong(h2.get("X-Amzn-Bedrock-Cache-Read-Input-Token-Count")))
                .isPositive();
        assertThat(first.usage().inputTokens()).isEqualTo(4);
        assertThat(first.usage().outputTokens()).isEqualTo(50);
        assertThat(first.body()).isEqualTo(rec.get(0).body());
        // Haiku 4.5: per 1k tokens input 0.001, output 0.005, cache read 0.0001, cache write 0.00125
        BigDecimal expected = BigDecimal.ZERO;
        for (InvokeResult r : List.of(first, second)) {
            expected = expected.add(new BigDecimal("0.001").multiply(BigDecimal.valueOf(r.usage().inputTokens()))
                    .add(new BigDecimal("0.005").multiply(BigDecimal.valueOf(r.usage().outputTokens())))
                    .add(new BigDecimal("0.0001").multiply(BigDecimal.valueOf(r.usage().cacheReadTokens())))
                    .add(new BigDecimal("0.00125").multiply(BigDecimal.valueOf(r.usage().cacheWriteTokens())))
                    .divide(BigDecimal.valueOf(1000)));
        }
        assertThat(bedrock.ledger().totalCost()).isEqualByComparingTo(expected);
        assertThat(bedrock.ledger().totalUsage().cacheWriteTokens()).isEqualTo(first.usage().cacheWriteTokens() + second.usage().cacheWriteTokens());
    }

    // ------------------------------------------------------------------ Knowledge bases

    @Test
    void retrieve_customDataSource_reportsDocumentIdNotTypeName() {
        Recording.Interaction rec = replay("bedrock-agent-runtime/retrieve_kb.openinference.yaml").get(0);
        List<Passage> passages = kb.retrieve("SSGLURQ9A5", "What is task Decomposition?", 5);
        JsonNode results = rec.json().path("retrievalResults");
        assertThat(passages).hasSize(results.size());
        for (int i = 0; i < passages.size(); i++) {
            JsonNode x = results.get(i);
            Passage p = passages.get(i);
            assertThat(p.text()).isEqualTo(x.path("content").path("text").asText());
            assertThat(p.sourceType()).isEqualTo("CUSTOM");
            assertThat(p.sourceUri()).isNotEqualTo("CUSTOM").isEqualTo(x.path("location").path("customDocumentLocation").path("id").asText(""));
            assertThat(p.score()).contains(x.path("score").asDouble());
            x.path("metadata").fields().forEachRemaining(e -> assertThat(p.metadata()).containsEntry(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        assertThat(server.sent().get(0).path()).isEqualTo("/knowledgebases/SSGLURQ9A5/retrieve");
    }

    @Test
    void retrieveAndGenerate_citationsSpansAndReferences() {
        Recording.Interaction rec = replay("bedrock-agent-runtime/retrieve-and-generate_kb-citations.openinference.yaml").get(0);
        RagAnswer a = kb.ask("SSGLURQ9A5", "anthropic.claude-3-haiku-20240307-v1:0", "What is task decomposition?");
        JsonNode body = rec.json();
        assertThat(a.text()).isEqualTo(body.path("output").path("text").asText());
        assertThat(a.sessionId()).isEqualTo(body.path("sessionId").asText());
        assertCitations(a.citations(), body.path("citations"));
    }

    @Test
    void retrieveAndGenerate_s3References_reportTheirUris() {
        Recording.Interaction rec = replay("bedrock-agent-runtime/retrieve-and-generate_external-s3-citations.openinference.yaml").get(0);
        RagAnswer a = kb.ask("SSGLURQ9A5", "anthropic.claude-3-haiku-20240307-v1:0", "What is this document about?");
        JsonNode body = rec.json();
        assertThat(a.text()).isEqualTo(body.path("output").path("text").asText()).isNotEmpty();
        assertThat(a.sessionId()).isEqualTo(body.path("sessionId").asText());
        assertCitations(a.citations(), body.path("citations"));
        assertThat(a.sources()).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("s3://"));
    }

    private static void assertCitations(List<RagAnswer.Citation> actual, JsonNode expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.size(); i++) {
            JsonNode part = expected.get(i).path("generatedResponsePart").path("textResponsePart");
            assertThat(actual.get(i).text()).isEqualTo(part.path("text").asText());
            assertThat(actual.get(i).start()).isEqualTo(part.path("span").path("start").asInt());
            assertThat(actual.get(i).end()).isEqualTo(part.path("span").path("end").asInt());
            JsonNode refs = expected.get(i).path("retrievedReferences");
            assertThat(actual.get(i).references()).hasSize(refs.size());
            for (int j = 0; j < refs.size(); j++) {
                Passage p = actual.get(i).references().get(j);
                JsonNode loc = refs.get(j).path("location");
                assertThat(p.text()).isEqualTo(refs.get(j).path("content").path("text").asText());
                assertThat(p.sourceType()).isEqualTo(loc.path("type").asText());
                assertThat(p.sourceUri()).isNotEqualTo(loc.path("type").asText());
                if (loc.has("s3Location")) {
                    assertThat(p.sourceUri()).isEqualTo(loc.path("s3Location").path("uri").asText());
                }
            }
        }
    }

    @Test
    void retrieveAndGenerateStream_textAndCitations() {
        Recording.Interaction rec = replay("bedrock-agent-runtime/retrieve-and-generate-stream_external-s3-citations.openinference.yaml").get(0);
        List<String> pieces = new ArrayList<>();
        RagAnswer a = kb.askStream("SSGLURQ9A5", "anthropic.claude-3-haiku-20240307-v1:0", "What is this document about?",
                pieces::add).join();
        StringBuilder text = new StringBuilder();
        List<JsonNode> citations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : Recording.frames(rec.body())) {
            if (f.getKey().equals("output")) {
                text.append(f.getValue().path("text").asText());
            } else if (f.getKey().equals("citation")) {
                citations.add(f.getValue().path("citation"));
            }
        }
        assertThat(citations).hasSize(3);
        assertThat(a.text()).isEqualTo(text.toString()).isNotEmpty();
        assertThat(String.join("", pieces)).isEqualTo(text.toString());
        assertCitations(a.citations(), Recording.JSON.valueToTree(citations));
    }
}
