package dev.trae.aws.bedrock.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.bedrock.model.InvokeResult;
import dev.trae.aws.bedrock.model.InvokeStreamResult;
import dev.trae.aws.bedrock.model.StopReason;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded Bedrock Runtime response of {@code ../shared/aws-responses/bedrock-runtime/} (Converse,
 * ConverseStream, InvokeModel, InvokeModelWithResponseStream; every interaction of each cassette) replayed through
 * {@link TraeBedrockClient}: the text, stop reason, token usage, tool calls and reasoning blocks it exposes must
 * equal what the recording holds (decoded here independently); recorded 400s must surface as a
 * {@link TraeServiceException} with status 400. {@link RecordedBedrockContractTest} checks the remaining values of
 * the recordings that showed losses.
 */
class EveryRecordingReplayTest {
    /** A current model for recordings whose model is EOL by now (and therefore refused before any call). */
    private static final String CURRENT_CLAUDE = "us.anthropic.claude-sonnet-4-6";
    private static ReplayServer server;
    private static TraeBedrockClient bedrock;

    @BeforeAll
    static void start() {
        Recording.dir();
        server = new ReplayServer();
        bedrock = TraeBedrockClient.create(TraeConfig.builder().mode(TraeConfig.Mode.LOCAL).region("us-east-1")
                .credentials(TraeCredentials.staticKeys("AKIDREPLAY", "replay-secret"))
                .endpoint("bedrock-runtime", server.endpoint())
                .resilience(ResiliencePolicy.builder().maxAttempts(1).build()).build());
    }

    @AfterAll
    static void stop() {
        if (bedrock != null) {
            bedrock.close();
            server.close();
        }
    }

    static Stream<String> recordings() throws IOException {
        Path dir = Recording.dir().resolve("bedrock-runtime");
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("recordings")
    void replay_exposesRecordedValues(String name) {
        String file = "bedrock-runtime/" + name;
        List<Recording.Interaction> interactions;
        if (name.endsWith(".jsonl")) {
            interactions = List.of(Recording.decodedEvents(file));
        } else if (name.contains("raw-bytes-base64")) {
            interactions = List.of(Recording.base64Stream(file));
        } else if (name.endsWith(".json")) {
            interactions = List.of(Recording.jsonBody(file));
        } else {
            interactions = Recording.cassette(file);
        }
        for (Recording.Interaction i : interactions) {
            server.replay(List.of(i));
            bedrock.ledger().reset();
            String model = model(i);
            if (name.startsWith("converse-stream_")) {
                converseStream(i, model);
            } else if (name.startsWith("converse_")) {
                converse(i, model);
            } else if (name.startsWith("invoke-model-stream_")) {
                invokeStream(i, model);
            } else if (name.startsWith("invoke-model_")) {
                invoke(i, model);
            } else {
                throw new AssertionError("unknown recording kind: " + name);
            }
        }
    }

    private static String model(Recording.Interaction i) {
        if (i.request() == null) {
            return CURRENT_CLAUDE;
        }
        String uri = i.request().path("uri").asText();
        String id = URLDecoder.decode(uri.substring(uri.indexOf("/model/") + 7, uri.lastIndexOf('/')), StandardCharsets.UTF_8);
        return KnownModels.retiredReplacement(id).isPresent() ? CURRENT_CLAUDE : id;
    }

    private static void converse(Recording.Interaction i, String model) {
        ConverseRequest req = ConverseRequest.builder().modelId(model).user("replay").build();
        if (i.status() >= 400) {
            assertThatThrownBy(() -> bedrock.converse(req)).isInstanceOfSatisfying(TraeServiceException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(i.status()));
            return;
        }
        ConverseResult r = bedrock.converse(req);
        JsonNode body = i.json();
        StringBuilder text = new StringBuilder();
        List<JsonNode> tools = new ArrayList<>();
        int reasoning = 0;
        for (JsonNode c : body.path("output").path("message").path("content")) {
            if (c.has("text")) {
                text.append(c.get("text").asText());
            } else if (c.has("citationsContent")) {
                c.get("citationsContent").path("content").forEach(t -> text.append(t.path("text").asText()));
            } else if (c.has("toolUse")) {
                tools.add(c.get("toolUse"));
            } else if (c.has("reasoningContent")) {
                reasoning++;
            }
        }
        assertThat(r.text()).isEqualTo(text.toString());
        assertThat(r.stopReason()).isEqualTo(StopReason.fromWire(body.path("stopReason").asText())).isNotEqualTo(StopReason.UNKNOWN);
        JsonNode u = body.path("usage");
        assertThat(r.usage().inputTokens()).isEqualTo(u.path("inputTokens").asLong());
        assertThat(r.usage().outputTokens()).isEqualTo(u.path("outputTokens").asLong());
        assertThat(r.usage().cacheReadTokens()).isEqualTo(u.path("cacheReadInputTokens").asLong());
        assertThat(r.usage().cacheWriteTokens()).isEqualTo(u.path("cacheWriteInputTokens").asLong());
        assertThat(r.latencyMs()).isEqualTo(body.path("metrics").path("latencyMs").asLong());
        assertThat(r.message().reasoning()).hasSize(reasoning);
        assertThat(r.toolCalls()).hasSize(tools.size());
        for (int t = 0; t < tools.size(); t++) {
            assertThat(r.toolCalls().get(t).toolUseId()).isEqualTo(tools.get(t).path("toolUseId").asText());
            assertThat(r.toolCalls().get(t).name()).isEqualTo(tools.get(t).path("name").asText());
            // numbers compare by value: the SDK's Document gives 7006652 for the wire's 7006652.0
            assertThat(r.toolCalls().get(t).input().equals(NUMERIC, tools.get(t).path("input")))
                    .as("tool input %s equals %s", r.toolCalls().get(t).input(), tools.get(t).path("input")).isTrue();
        }
        assertThat(r.guardrail().isPresent()).isEqualTo(body.path("trace").has("guardrail")
                || "guardrail_intervened".equals(body.path("stopReason").asText()));
    }

    private static void converseStream(Recording.Interaction i, String model) {
        ConverseRequest req = ConverseRequest.builder().modelId(model).user("replay").build();
        if (i.status() >= 400) {
            assertThatThrownBy(() -> bedrock.converseStream(req, StreamListener.noop()).await(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(i.status()));
            return;
        }
        List<String> deltas = new ArrayList<>();
        ConverseResult r = bedrock.converseStream(req, StreamListener.text(deltas::add)).await(Duration.ofSeconds(30));
        StringBuilder text = new StringBuilder();
        int toolUses = 0;
        TreeSet<Integer> reasoningBlocks = new TreeSet<>();
        String stop = null;
        JsonNode usage = null;
        for (Map.Entry<String, JsonNode> f : Recording.frames(i.body())) {
            JsonNode e = f.getValue();
            switch (f.getKey()) {
                case "contentBlockStart":
                    toolUses += e.path("start").has("toolUse") ? 1 : 0;
                    break;
                case "contentBlockDelta":
                    if (e.path("delta").has("text")) {
                        text.append(e.path("delta").get("text").asText());
                    }
                    if (e.path("delta").has("reasoningContent")) {
                        reasoningBlocks.add(e.path("contentBlockIndex").asInt());
                    }
                    break;
                case "messageStop":
                    stop = e.path("stopReason").asText();
                    break;
                case "metadata":
                    usage = e.path("usage");
                    break;
                default:
                    break;
            }
        }
        assertThat(r.text()).isEqualTo(text.toString());
        assertThat(String.join("", deltas)).isEqualTo(text.toString());
        assertThat(r.toolCalls()).hasSize(toolUses);
        assertThat(r.message().reasoning()).hasSize(reasoningBlocks.size());
        assertThat(r.stopReason()).isEqualTo(StopReason.fromWire(stop)).isNotEqualTo(StopReason.UNKNOWN);
        if (usage != null) {
            assertThat(r.usage().inputTokens()).isEqualTo(usage.path("inputTokens").asLong());
            assertThat(r.usage().outputTokens()).isEqualTo(usage.path("outputTokens").asLong());
            assertThat(r.usage().cacheReadTokens()).isEqualTo(usage.path("cacheReadInputTokens").asLong());
            assertThat(r.usage().cacheWriteTokens()).isEqualTo(usage.path("cacheWriteInputTokens").asLong());
        }
    }

    private static final java.util.Comparator<JsonNode> NUMERIC = (a, b) -> a.equals(b) ? 0
            : a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : 1;

    private static JsonNode json(byte[] b) {
        try {
            return Recording.JSON.readTree(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] requestBody(Recording.Interaction i) {
        return i.request().path("body").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static long header(Recording.Interaction i, String name) {
        return i.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(e -> Long.parseLong(e.getValue().trim())).orElse(0L);
    }

    private static void invoke(Recording.Interaction i, String model) {
        if (i.status() >= 400) {
            assertThatThrownBy(() -> bedrock.invokeModel(model, requestBody(i), "application/json"))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(i.status()));
            return;
        }
        InvokeResult r = bedrock.invokeModel(model, requestBody(i), "application/json");
        assertThat(r.body()).isEqualTo(i.body());
        assertThat(r.usage().inputTokens()).isEqualTo(header(i, "X-Amzn-Bedrock-Input-Token-Count"));
        assertThat(r.usage().outputTokens()).isEqualTo(header(i, "X-Amzn-Bedrock-Output-Token-Count"));
        assertThat(r.usage().cacheReadTokens()).isEqualTo(header(i, "X-Amzn-Bedrock-Cache-Read-Input-Token-Count"));
        assertThat(r.usage().cacheWriteTokens()).isEqualTo(header(i, "X-Amzn-Bedrock-Cache-Write-Input-Token-Count"));
        assertThat(bedrock.ledger().totalUsage()).isEqualTo(r.usage());
    }

    private static void invokeStream(Recording.Interaction i, String model) {
        List<byte[]> expected = new ArrayList<>();
        JsonNode metrics = null;
        for (Map.Entry<String, JsonNode> f : Recording.frames(i.body())) {
            if (f.getKey().equals("chunk")) {
                byte[] b = Base64.getDecoder().decode(f.getValue().path("bytes").asText());
                expected.add(b);
                JsonNode m = json(b).path("amazon-bedrock-invocationMetrics");
                metrics = m.isMissingNode() ? metrics : m;
            }
        }
        List<byte[]> seen = new ArrayList<>();
        InvokeStreamResult r = bedrock.invokeModelStream("default", model, requestBody(i), "application/json", seen::add)
                .await(Duration.ofSeconds(30));
        assertThat(r.chunks()).hasSameSizeAs(expected);
        for (int c = 0; c < expected.size(); c++) {
            assertThat(r.chunks().get(c)).isEqualTo(expected.get(c));
            assertThat(seen.get(c)).isEqualTo(expected.get(c));
        }
        if (metrics != null) {
            assertThat(r.usage().inputTokens()).isEqualTo(metrics.path("inputTokenCount").asLong());
            assertThat(r.usage().outputTokens()).isEqualTo(metrics.path("outputTokenCount").asLong());
        } else {
            // a Titan stream stopped by its guardrail has no invocation metrics, only Titan's own counts (floats)
            JsonNode last = json(expected.get(expected.size() - 1));
            assertThat(r.usage().inputTokens()).isEqualTo(last.path("inputTextTokenCount").asLong()).isPositive();
            assertThat(r.usage().outputTokens()).isEqualTo(last.path("totalOutputTextTokenCount").asLong());
        }
        assertThat(bedrock.ledger().totalUsage()).isEqualTo(r.usage());
    }
}
