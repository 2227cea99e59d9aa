package dev.trae.testkit.aws.bedrockruntime;

import dev.trae.testkit.aws.bedrock.BedrockFake;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.Handler;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;
import dev.trae.testkit.wire.StreamEvent;

/**
 * Trae Local fake of Amazon Bedrock Runtime (REST-JSON): {@code Converse}
 * ({@code POST /model/{modelId}/converse}), {@code ConverseStream} (a real AWS event stream:
 * {@code messageStart}, {@code contentBlockStart}, {@code contentBlockDelta}, {@code contentBlockStop},
 * {@code messageStop}, {@code metadata}), {@code InvokeModel} for text bodies (Nova, Anthropic messages,
 * Titan text) and image bodies (Nova Canvas / Titan image {@code taskType}, Stability {@code prompt}),
 * {@code InvokeModelWithResponseStream} (an event stream of {@code chunk} events with base64 {@code bytes} in
 * the model family's own streaming format), and {@code ApplyGuardrail}.
 *
 * <p>Answers are deterministic: scripted replies queued with {@link #enqueue(FakeReply)} come first,
 * then the {@link #responder(Function) responder} (by default {@link DefaultResponder}). Token usage is
 * estimated as one token per four characters; text before a {@code cachePoint} is written to a prompt
 * cache on first use and read from it afterwards. A guardrail (any identifier) intervenes when the input
 * or output contains one of the {@link #blockWord(String) blocked words}, and anonymises e-mail addresses
 * in {@code ApplyGuardrail}. Thread-safe.
 *
 * <pre>{@code
 * BedrockRuntimeFake fake = local.fake("bedrock-runtime", new BedrockRuntimeFake());
 * fake.enqueue(FakeReply.text("scripted answer"));
 * }</pre>
 */
public final class BedrockRuntimeFake implements FakeService {
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");

    private final ConcurrentLinkedDeque<FakeReply> scripted = new ConcurrentLinkedDeque<>();
    private final Set<String> blockedWords = ConcurrentHashMap.newKeySet();
    private final Set<String> endOfLife = ConcurrentHashMap.newKeySet();
    private final Set<String> promptCache = ConcurrentHashMap.newKeySet();
    private volatile Function<FakeConversation, FakeReply> responder = new DefaultResponder();
    private volatile int chunkChars = 12;
    private volatile Duration chunkDelay = Duration.ZERO;
    private volatile BedrockFake controlPlane;
    private volatile String apiKey;

    public BedrockRuntimeFake() {
        blockedWords.add("forbidden-topic");
    }

    /** Queues a reply for the next Converse/ConverseStream call (first in, first out). */
    public BedrockRuntimeFake enqueue(FakeReply reply) {
        scripted.add(Objects.requireNonNull(reply));
        return this;
    }

    /** Replaces the responder used when no scripted reply is queued. */
    public BedrockRuntimeFake responder(Function<FakeConversation, FakeReply> r) {
        this.responder = Objects.requireNonNull(r);
        return this;
    }

    /** Guardrails intervene on text containing this word (case-insensitive). {@code forbidden-topic} is blocked by default. */
    public BedrockRuntimeFake blockWord(String word) {
        blockedWords.add(word.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Calls to this model id fail like a retired model does. */
    public BedrockRuntimeFake endOfLife(String modelId) {
        endOfLife.add(modelId);
        return this;
    }

    /** Stream text in chunks of {@code chars} characters, each after {@code delay}. */
    public BedrockRuntimeFake streaming(int chars, Duration delay) {
        if (chars < 1) {
            throw new IllegalArgumentException("chars must be positive");
        }
        this.chunkChars = chars;
        this.chunkDelay = Objects.requireNonNull(delay);
        return this;
    }

    /**
     * Checks model ARNs against a control-plane fake: a custom-model deployment ARN is served while the
     * deployment is Active, a provisioned-model ARN while its Provisioned Throughput is InService; a bare
     * custom-model ARN is refused (it needs one of the two first), as Bedrock does; so is the bare id of a
     * foundation model the control plane lists without {@code ON_DEMAND} (it needs an inference profile).
     */
    public BedrockRuntimeFake controlPlane(BedrockFake control) {
        this.controlPlane = Objects.requireNonNull(control);
        return this;
    }

    /**
     * Requires Bedrock API key authentication: every request must carry {@code Authorization: Bearer <apiKey>}
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html); a SigV4-signed request or another
     * key is refused with 403. {@code null} accepts SigV4 again.
     */
    public BedrockRuntimeFake requireApiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    private Handler authorized(Handler h) {
        return req -> {
            FakeResponse refused = unauthorized(req);
            return refused != null ? refused : h.handle(req);
        };
    }

    private FakeResponse unauthorized(FakeRequest req) {
        String key = apiKey;
        if (key == null) {
            return null;
        }
        String auth = req.header("Authorization").orElse("");
        if (!auth.equals("Bearer " + key)) {
            return FakeResponse.error(403, "AccessDeniedException", "Authentication failed: Please make sure your API Key is valid.");
        }
        return null;
    }

    /** The error a call to {@code modelId} gets, or null when it may be invoked. */
    private FakeResponse refuse(String modelId) {
        if (endOfLife.contains(modelId)) {
            return FakeResponse.error(404, "ResourceNotFoundException",
                    "This model version has reached the end of its life. Please refer to the AWS documentation for more details.");
        }
        BedrockFake control = controlPlane;
        if (control != null && modelId.startsWith("arn:")) {
            return control.refuseInvocation(modelId);
        }
        // A model whose inferenceTypesSupported lacks ON_DEMAND is reached only through an inference profile; its
        // bare id is refused with this ValidationException
        // (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html)
        if (control != null && control.model(modelId).map(m -> !m.inferenceTypes().contains("ON_DEMAND")).orElse(false)) {
            return FakeResponse.error(400, "ValidationException", "Invocation of model ID " + modelId + " with on-demand throughput "
                    + "isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.");
        }
        return null;
    }

    /** Scripted replies still queued. */
    public int pending() {
        return scripted.size();
    }

    /** Forgets queued replies and the prompt cache. */
    public void clear() {
        scripted.clear();
        promptCache.clear();
    }

    // Request checks: enum values (message roles, content and tool-choice shapes, guardrail source...) and member types from
    // the Bedrock Runtime SDK model, recursively through messages; lengths from the reference pages
    // (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_<Operation>.html). ValidationException.
    private static final java.util.Map<String, dev.trae.testkit.wire.RequestCheck> CHECKS = java.util.Map.of(
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
            "Converse", rt("ConverseRequest", c -> c.length("modelId", 1, 2048).length("additionalModelResponseFieldPaths", 0, 10)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
            "ConverseStream", rt("ConverseStreamRequest", c -> c.length("modelId", 1, 2048).length("additionalModelResponseFieldPaths", 0, 10)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ApplyGuardrail.html
            "ApplyGuardrail", rt("ApplyGuardrailRequest", c -> c.required("source", "content").length("guardrailIdentifier", 0, 2048)
                    .pattern("guardrailVersion", "(|([1-9][0-9]{0,7})|(DRAFT))")));

    private static dev.trae.testkit.wire.RequestCheck rt(String model, java.util.function.UnaryOperator<dev.trae.testkit.wire.SdkModelCheck> d) {
        return dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.bedrockruntime.model." + model, d);
    }

    @Override
    public void install(FakeAwsServer server) {
        CHECKS.forEach(server::validate);
        server.rest("Converse", "POST", "/model/{modelId}/converse", authorized(req -> converse(req, false)));
        server.rest("ConverseStream", "POST", "/model/{modelId}/converse-stream", authorized(req -> converse(req, true)));
        server.rest("InvokeModel", "POST", "/model/{modelId}/invoke", authorized(this::invokeModel));
        server.rest("InvokeModelWithResponseStream", "POST", "/model/{modelId}/invoke-with-response-stream",
                authorized(this::invokeModelStream));
        server.rest("ApplyGuardrail", "POST", "/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply",
                authorized(this::applyGuardrail));
    }

    // ------------------------------------------------------------------ Converse

    private FakeResponse converse(FakeRequest req, boolean stream) {
        String modelId = req.pathParam("modelId");
        FakeResponse refused = refuse(modelId);
        if (refused != null) {
            return refused;
        }
        JsonNode body = req.json();
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            return FakeResponse.error(400, "ValidationException", "messages must contain at least one message");
        }
        FakeConversation conv = new FakeConversation(modelId, body, stream);
        String input = conv.allText();
        String blockedIn = blocked(input);
        FakeReply reply;
        ObjectNode guardTrace = null;
        if (conv.guardrailEnabled() && blockedIn != null) {
            reply = FakeReply.text("Sorry, the model cannot answer this question.").stopReason("guardrail_intervened");
            guardTrace = Json.object();
            guardTrace.putObject("inputAssessment").set(conv.guardrailId(), assessment(blockedIn, List.of()));
        } else {
            FakeReply next = scripted.poll();
            reply = next != null ? next : responder.apply(conv);
            String blockedOut = blocked(reply.text());
            if (conv.guardrailEnabled() && blockedOut != null) {
                reply = FakeReply.text("Sorry, the model cannot answer this question.").stopReason("guardrail_intervened");
                guardTrace = Json.object();
                ArrayNode arr = guardTrace.putObject("outputAssessments").putArray(conv.guardrailId());
                arr.add(assessment(blockedOut, List.of()));
            }
        }
        String text = reply.text();
        String stopReason = reply.stopReason();
        int max = conv.maxTokens();
        if (tokens(text) > max && reply.toolUses().isEmpty()) {
            text = text.substring(0, Math.min(text.length(), max * 4));
            stopReason = "max_tokens";
        }
        ObjectNode usage = usage(conv, reply, text);
        if (!stream) {
            ObjectNode out = Json.object();
            ObjectNode message = out.putObject("output").putObject("message");
            message.put("role", "assistant");
            ArrayNode content = message.putArray("content");
            if (!text.isEmpty()) {
                content.addObject().put("text", text);
            }
            for (FakeReply.ToolUse t : reply.toolUses()) {
                ObjectNode tu = content.addObject().putObject("toolUse");
                tu.put("toolUseId", t.toolUseId());
                tu.put("name", t.name());
                tu.set("input", Json.MAPPER.valueToTree(t.input()));
            }
            out.put("stopReason", stopReason);
            out.set("usage", usage);
            out.putObject("metrics").put("latencyMs", 5 + text.length() / 50);
            if (guardTrace != null) {
                out.putObject("trace").set("guardrail", guardTrace);
            }
            return FakeResponse.json(out);
        }
        List<StreamEvent> events = new ArrayList<>();
        events.add(StreamEvent.event("messageStart", Map.of("role", "assistant")));
        int index = 0;
        if (!text.isEmpty()) {
            for (int i = 0; i < text.length(); i += chunkChars) {
                String chunk = text.substring(i, Math.min(text.length(), i + chunkChars));
                events.add(StreamEvent.event("contentBlockDelta", Map.of("contentBlockIndex", index,
                        "delta", Map.of("text", chunk))).after(chunkDelay));
            }
            events.add(StreamEvent.event("contentBlockStop", Map.of("contentBlockIndex", index)));
            index++;
        }
        for (FakeReply.ToolUse t : reply.toolUses()) {
            events.add(StreamEvent.event("contentBlockStart", Map.of("contentBlockIndex", index,
                    "start", Map.of("toolUse", Map.of("toolUseId", t.toolUseId(), "name", t.name())))));
            String json;
            try {
                json = Json.MAPPER.writeValueAsString(t.input());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            int half = json.length() / 2;
            for (String part : new String[] {json.substring(0, half), json.substring(half)}) {
                if (!part.isEmpty()) {
                    events.add(StreamEvent.event("contentBlockDelta", Map.of("contentBlockIndex", index,
                            "delta", Map.of("toolUse", Map.of("input", part)))).after(chunkDelay));
                }
            }
            events.add(StreamEvent.event("contentBlockStop", Map.of("contentBlockIndex", index)));
            index++;
        }
        events.add(StreamEvent.event("messageStop", Map.of("stopReason", stopReason)));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("usage", usage);
        metadata.put("metrics", Map.of("latencyMs", 5 + text.length() / 50));
        if (guardTrace != null) {
            metadata.put("trace", Map.of("guardrail", guardTrace));
        }
        events.add(StreamEvent.event("metadata", metadata));
        return FakeResponse.eventStream(events);
    }

    private ObjectNode usage(FakeConversation conv, FakeReply reply, String text) {
        StringBuilder out = new StringBuilder(text);
        reply.toolUses().forEach(t -> out.append(t.input()));
        int outputTokens = reply.outputTokens() != null ? reply.outputTokens() : tokens(out.toString());
        int inputTokens = reply.inputTokens() != null ? reply.inputTokens() : tokens(conv.allText());
        // Text before the last cache point is the cached prefix.
        StringBuilder prefix = new StringBuilder();
        StringBuilder running = new StringBuilder();
        for (JsonNode b : conv.request().path("system")) {
            if (b.has("cachePoint")) {
                prefix.setLength(0);
                prefix.append(running);
            } else {
                running.append(b.path("text").asText());
            }
        }
        for (JsonNode m : conv.messages()) {
            for (JsonNode b : m.path("content")) {
                if (b.has("cachePoint")) {
                    prefix.setLength(0);
                    prefix.append(running);
                } else {
                    running.append(b.path("text").asText());
                }
            }
        }
        int cacheRead = 0;
        int cacheWrite = 0;
        if (prefix.length() > 0) {
            int prefixTokens = tokens(prefix.toString());
            String key = conv.modelId() + "\u0000" + prefix;
            if (promptCache.contains(key)) {
                cacheRead = prefixTokens;
            } else {
                promptCache.add(key);
                cacheWrite = prefixTokens;
            }
            inputTokens = Math.max(0, inputTokens - prefixTokens);
        }
        ObjectNode u = Json.object();
        u.put("inputTokens", inputTokens);
        u.put("outputTokens", outputTokens);
        u.put("totalTokens", inputTokens + outputTokens + cacheRead + cacheWrite);
        if (cacheRead > 0 || cacheWrite > 0) {
            u.put("cacheReadInputTokens", cacheRead);
            u.put("cacheWriteInputTokens", cacheWrite);
        }
        return u;
    }

    /** The fake's token estimate: one token per four characters, at least one for non-empty text. */
    public static int tokens(String s) {
        return s == null || s.isEmpty() ? 0 : Math.max(1, (s.length() + 3) / 4);
    }

    private String blocked(String text) {
        String l = text.toLowerCase(Locale.ROOT);
        for (String w : blockedWords) {
            if (l.contains(w)) {
                return w;
            }
        }
        return null;
    }

    private static ObjectNode assessment(String blockedWord, List<String> emails) {
        ObjectNode a = Json.object();
        if (blockedWord != null) {
            a.putObject("topicPolicy").putArray("topics").addObject()
                    .put("name", "Blocked topic").put("type", "DENY").put("action", "BLOCKED");
            a.putObject("wordPolicy").putArray("customWords").addObject().put("match", blockedWord).put("action", "BLOCKED");
        }
        if (!emails.isEmpty()) {
            ArrayNode pii = a.putObject("sensitiveInformationPolicy").putArray("piiEntities");
            for (String e : emails) {
                pii.addObject().put("match", e).put("type", "EMAIL").put("action", "ANONYMIZED");
            }
        }
        return a;
    }

    // ------------------------------------------------------------------ ApplyGuardrail

    private FakeResponse applyGuardrail(FakeRequest req) {
        JsonNode body = req.json();
        String source = body.path("source").asText("");
        if (!source.equals("INPUT") && !source.equals("OUTPUT")) {
            return FakeResponse.error(400, "ValidationException", "source must be INPUT or OUTPUT");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode c : body.path("content")) {
            text.append(c.path("text").path("text").asText()).append('\n');
        }
        String word = blocked(text.toString());
        List<String> emails = new ArrayList<>();
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            emails.add(m.group());
        }
        ObjectNode out = Json.object();
        ObjectNode usage = out.putObject("usage");
        for (String k : List.of("topicPolicyUnits", "contentPolicyUnits", "wordPolicyUnits", "sensitiveInformationPolicyUnits",
                "sensitiveInformationPolicyFreeUnits", "contextualGroundingPolicyUnits")) {
            usage.put(k, k.contains("Free") || k.contains("contextual") ? 0 : 1);
        }
        ArrayNode outputs = out.putArray("outputs");
        if (word != null) {
            out.put("action", "GUARDRAIL_INTERVENED");
            out.put("actionReason", "Guardrail blocked.");
            outputs.addObject().put("text", "Sorry, the model cannot answer this question.");
        } else if (!emails.isEmpty()) {
            out.put("action", "GUARDRAIL_INTERVENED");
            out.put("actionReason", "Guardrail masked.");
            outputs.addObject().put("text", EMAIL.matcher(text.toString().strip()).replaceAll("{EMAIL}"));
        } else {
            out.put("action", "NONE");
        }
        out.putArray("assessments").add(assessment(word, emails));
        return FakeResponse.json(out);
    }

    // ------------------------------------------------------------------ InvokeModel

    /** An InvokeModel(WithResponseStream) request: its model and JSON body, or the error it gets. */
    private record Invoke(String modelId, JsonNode body, FakeResponse error) {
    }

    private Invoke invokeRequest(FakeRequest req) {
        String modelId = req.pathParam("modelId");
        FakeResponse refused = refuse(modelId);
        if (refused != null) {
            return new Invoke(modelId, null, refused);
        }
        try {
            return new Invoke(modelId, req.json(), null);
        } catch (IllegalArgumentException e) {
            return new Invoke(modelId, null, FakeResponse.error(400, "ValidationException", "Malformed input request: body is not JSON"));
        }
    }

    private FakeResponse invokeModel(FakeRequest req) throws IOException {
        Invoke invoke = invokeRequest(req);
        if (invoke.error() != null) {
            return invoke.error();
        }
        String modelId = invoke.modelId();
        JsonNode body = invoke.body();
        ObjectNode out = Json.object();
        int in;
        int outTokens;
        if (body.has("taskType") || modelId.startsWith("stability.")) {
            String prompt = body.has("taskType") ? body.path("textToImageParams").path("text").asText("")
                    : body.path("prompt").asText("");
            if (prompt.isBlank()) {
                return FakeResponse.error(400, "ValidationException", "Malformed input request: a text prompt is required");
            }
            if (blocked(prompt) != null) {
                return FakeResponse.error(400, "ValidationException",
                        "This request has been blocked by our content filters.");
            }
            int w = body.path("imageGenerationConfig").path("width").asInt(256);
            int h = body.path("imageGenerationConfig").path("height").asInt(256);
            int n = Math.max(1, body.path("imageGenerationConfig").path("numberOfImages").asInt(1));
            ArrayNode images = out.putArray("images");
            for (int i = 0; i < n; i++) {
                images.add(Base64.getEncoder().encodeToString(png(prompt + "#" + i, Math.min(w, 1024), Math.min(h, 1024))));
            }
            if (modelId.startsWith("stability.")) {
                out.putArray("finish_reasons").addNull();
                out.putArray("seeds").add(Math.abs(prompt.hashCode()));
            }
            in = tokens(prompt);
            outTokens = 0;
        } else if (body.has("messages")) {
            String prompt = messagesPrompt(body);
            FakeReply reply = nativeReply(modelId, prompt);
            in = tokens(prompt);
            outTokens = tokens(reply.text());
            if (body.has("anthropic_version")) {
                out.put("id", "msg_fake_" + Integer.toHexString(prompt.hashCode()));
                out.put("type", "message");
                out.put("role", "assistant");
                out.put("model", modelId);
                out.putArray("content").addObject().put("type", "text").put("text", reply.text());
                out.put("stop_reason", "end_turn");
                out.putObject("usage").put("input_tokens", in).put("output_tokens", outTokens);
            } else {
                out.putObject("output").putObject("message").put("role", "assistant").putArray("content").addObject()
                        .put("text", reply.text());
                out.put("stopReason", "end_turn");
                out.putObject("usage").put("inputTokens", in).put("outputTokens", outTokens).put("totalTokens", in + outTokens);
            }
        } else if (body.has("inputText")) {
            String prompt = body.path("inputText").asText();
            FakeReply reply = responder.apply(new FakeConversation(modelId, wrap(prompt), false));
            in = tokens(prompt);
            outTokens = tokens(reply.text());
            out.put("inputTextTokenCount", in);
            out.putArray("results").addObject().put("tokenCount", outTokens).put("outputText", reply.text())
                    .put("completionReason", "FINISH");
        } else {
            return FakeResponse.error(400, "ValidationException", "Malformed input request: unknown body format for " + modelId);
        }
        return FakeResponse.json(out)
                .header("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(in))
                .header("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(outTokens));
    }

    /** The text of a native {@code messages} body (Anthropic messages or Nova messages-v1), one line per block. */
    private static String messagesPrompt(JsonNode body) {
        StringBuilder prompt = new StringBuilder();
        for (JsonNode msg : body.path("messages")) {
            JsonNode content = msg.path("content");
            if (content.isTextual()) {
                prompt.append(content.asText()).append('\n');
            }
            for (JsonNode c : content) {
                prompt.append(c.path("text").asText()).append('\n');
            }
        }
        return prompt.toString();
    }

    /** The next scripted reply, else the responder's answer to {@code prompt} as one user message. */
    private FakeReply nativeReply(String modelId, String prompt) {
        FakeReply next = scripted.poll();
        return next != null ? next : responder.apply(new FakeConversation(modelId, wrap(prompt.strip()), false));
    }

    // ------------------------------------------------------------------ InvokeModelWithResponseStream

    /**
     * InvokeModelWithResponseStream: an event stream of {@code chunk} events whose payload is a
     * {@code PayloadPart} ({@code {"bytes": base64}}); the decoded bytes are the model family's own
     * streaming events (Anthropic {@code message_start}/{@code content_block_delta}/{@code message_stop},
     * Nova {@code messageStart}/{@code contentBlockDelta}/{@code messageStop}/{@code metadata}, Titan
     * {@code outputText} chunks). The last chunk carries {@code amazon-bedrock-invocationMetrics}.
     */
    private FakeResponse invokeModelStream(FakeRequest req) {
        Invoke invoke = invokeRequest(req);
        if (invoke.error() != null) {
            return invoke.error();
        }
        String modelId = invoke.modelId();
        JsonNode body = invoke.body();
        if (body.has("taskType") || modelId.startsWith("stability.")) {
            return FakeResponse.error(400, "ValidationException", "The model " + modelId + " does not support response streaming.");
        }
        String family;
        String prompt;
        if (body.has("messages")) {
            family = body.has("anthropic_version") ? "anthropic" : "nova";
            prompt = messagesPrompt(body);
        } else if (body.has("inputText")) {
            family = "titan";
            prompt = body.path("inputText").asText();
        } else {
            return FakeResponse.error(400, "ValidationException", "Malformed input request: unknown body format for " + modelId);
        }
        FakeReply reply = nativeReply(modelId, prompt);
        String text = reply.text();
        int in = tokens(prompt);
        int outTokens = tokens(text);
        List<ObjectNode> parts = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += chunkChars) {
            pieces.add(text.substring(i, Math.min(text.length(), i + chunkChars)));
        }
        switch (family) {
            case "anthropic": {
                ObjectNode start = Json.object().put("type", "message_start");
                start.putObject("message").put("id", "msg_fake_" + Integer.toHexString(prompt.hashCode())).put("type", "message")
                        .put("role", "assistant").put("model", modelId).putObject("usage").put("input_tokens", in).put("output_tokens", 0);
                parts.add(start);
                for (String piece : pieces) {
                    ObjectNode d = Json.object().put("type", "content_block_delta").put("index", 0);
                    d.putObject("delta").put("type", "text_delta").put("text", piece);
                    parts.add(d);
                }
                ObjectNode md = Json.object().put("type", "message_delta");
                md.putObject("delta").put("stop_reason", "end_turn");
                md.putObject("usage").put("output_tokens", outTokens);
                parts.add(md);
                parts.add(Json.object().put("type", "message_stop"));
                break;
            }
            case "nova": {
                parts.add((ObjectNode) Json.object().set("messageStart", Json.object().put("role", "assistant")));
                for (String piece : pieces) {
                    ObjectNode d = Json.object();
                    ObjectNode delta = d.putObject("contentBlockDelta");
                    delta.putObject("delta").put("text", piece);
                    delta.put("contentBlockIndex", 0);
                    parts.add(d);
                }
                parts.add((ObjectNode) Json.object().set("contentBlockStop", Json.object().put("contentBlockIndex", 0)));
                parts.add((ObjectNode) Json.object().set("messageStop", Json.object().put("stopReason", "end_turn")));
                ObjectNode meta = Json.object();
                meta.putObject("metadata").putObject("usage").put("inputTokens", in).put("outputTokens", outTokens);
                parts.add(meta);
                break;
            }
            default: {
                for (int i = 0; i < pieces.size(); i++) {
                    ObjectNode c = Json.object().put("outputText", pieces.get(i)).put("index", 0)
                            .put("totalOutputTextTokenCount", tokens(String.join("", pieces.subList(0, i + 1))));
                    if (i == pieces.size() - 1) {
                        c.put("completionReason", "FINISH");
                    } else {
                        c.putNull("completionReason");
                    }
                    c.put("inputTextTokenCount", in);
                    parts.add(c);
                }
                if (parts.isEmpty()) {
                    parts.add(Json.object().put("outputText", "").put("index", 0).put("totalOutputTextTokenCount", 0)
                            .put("completionReason", "FINISH").put("inputTextTokenCount", in));
                }
                break;
            }
        }
        parts.get(parts.size() - 1).putObject("amazon-bedrock-invocationMetrics").put("inputTokenCount", in)
                .put("outputTokenCount", outTokens).put("invocationLatency", 5 + text.length() / 50).put("firstByteLatency", 3);
        List<StreamEvent> events = new ArrayList<>();
        for (ObjectNode part : parts) {
            byte[] bytes;
            try {
                bytes = Json.MAPPER.writeValueAsBytes(part);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            events.add(StreamEvent.event("chunk", Map.of("bytes", Base64.getEncoder().encodeToString(bytes))).after(chunkDelay));
        }
        return FakeResponse.eventStream(events).header("X-Amzn-Bedrock-Content-Type", "application/json");
    }

    private static JsonNode wrap(String prompt) {
        ObjectNode conv = Json.object();
        conv.putArray("messages").addObject().put("role", "user").putArray("content").addObject().put("text", prompt);
        return conv;
    }

    /** A deterministic PNG for a prompt: a gradient and blocks derived from the prompt. */
    static byte[] png(String prompt, int w, int h) throws IOException {
        int hash = prompt.hashCode();
        BufferedImage img = new BufferedImage(Math.max(16, w), Math.max(16, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            Color a = new Color(hash & 0xffffff);
            Color b = new Color((hash >>> 8 ^ 0x5a5a5a) & 0xffffff);
            g.setPaint(new GradientPaint(0, 0, a, img.getWidth(), img.getHeight(), b));
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.WHITE);
            g.fillRect(img.getWidth() / 8, img.getHeight() / 8, img.getWidth() * 3 / 4, img.getHeight() / 6);
            g.setColor(Color.DARK_GRAY);
            // a few blocks whose layout depends on the prompt (no fonts: they may be missing on servers)
            for (int i = 0; i < 4; i++) {
                int bits = hash >>> (i * 8);
                g.fillRect(img.getWidth() / 8 + (bits & 15) * img.getWidth() / 32, img.getHeight() / 2 + i * img.getHeight() / 10,
                        img.getWidth() / 4 + (bits >>> 4 & 7) * img.getWidth() / 32, img.getHeight() / 16);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bos);
        return bos.toByteArray();
    }
}
