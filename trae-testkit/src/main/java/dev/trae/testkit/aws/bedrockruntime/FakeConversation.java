package dev.trae.testkit.aws.bedrockruntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What a {@link BedrockRuntimeFake} responder sees of one Converse or ConverseStream request: the model
 * id, the system prompt, the messages as sent, the tool configuration and some derived views. Immutable.
 */
public final class FakeConversation {
    private final String modelId;
    private final JsonNode request;
    private final boolean stream;

    FakeConversation(String modelId, JsonNode request, boolean stream) {
        this.modelId = modelId;
        this.request = request;
        this.stream = stream;
    }

    public String modelId() {
        return modelId;
    }

    /** The whole request body as JSON. */
    public JsonNode request() {
        return request;
    }

    /** Whether this is a ConverseStream request. */
    public boolean stream() {
        return stream;
    }

    /** Concatenated text of the system blocks. */
    public String systemText() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : request.path("system")) {
            if (b.has("text")) {
                sb.append(sb.length() > 0 ? "\n" : "").append(b.path("text").asText());
            }
        }
        return sb.toString();
    }

    public JsonNode messages() {
        return request.path("messages");
    }

    /** The last message with role user, or a missing node. */
    public JsonNode lastUserMessage() {
        JsonNode last = MissingNode.getInstance();
        for (JsonNode m : messages()) {
            if ("user".equals(m.path("role").asText())) {
                last = m;
            }
        }
        return last;
    }

    /** Text of the last user message. */
    public String lastUserText() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : lastUserMessage().path("content")) {
            if (b.has("text")) {
                sb.append(sb.length() > 0 ? "\n" : "").append(b.path("text").asText());
            }
        }
        return sb.toString();
    }

    /** The text blocks of every user message, joined (the whole request as the user wrote it). */
    public String userText() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode m : messages()) {
            if ("user".equals(m.path("role").asText())) {
                for (JsonNode b : m.path("content")) {
                    if (b.has("text")) {
                        sb.append(sb.length() > 0 ? "\n" : "").append(b.path("text").asText());
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Every text of every message and of the system prompt, for token counting and guardrails. */
    public String allText() {
        StringBuilder sb = new StringBuilder(systemText());
        for (JsonNode m : messages()) {
            for (JsonNode b : m.path("content")) {
                if (b.has("text")) {
                    sb.append('\n').append(b.path("text").asText());
                }
                if (b.has("toolResult")) {
                    for (JsonNode c : b.path("toolResult").path("content")) {
                        sb.append('\n').append(c.has("text") ? c.path("text").asText() : c.path("json").toString());
                    }
                }
                if (b.has("toolUse")) {
                    sb.append('\n').append(b.path("toolUse").path("input").toString());
                }
            }
        }
        return sb.toString();
    }

    /** The tool results in the last user message (empty when none). */
    public List<JsonNode> toolResults() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode b : lastUserMessage().path("content")) {
            if (b.has("toolResult")) {
                out.add(b.path("toolResult"));
            }
        }
        return out;
    }

    /** Whether the last user message carries an image. */
    public boolean hasImage() {
        for (JsonNode b : lastUserMessage().path("content")) {
            if (b.has("image")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the last user message carries a document. */
    public boolean hasDocument() {
        for (JsonNode b : lastUserMessage().path("content")) {
            if (b.has("document")) {
                return true;
            }
        }
        return false;
    }

    /** The tool specs offered, each {@code {name, description, inputSchema: {json}}}. */
    public List<JsonNode> tools() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : request.path("toolConfig").path("tools")) {
            if (t.has("toolSpec")) {
                out.add(t.path("toolSpec"));
            }
        }
        return out;
    }

    /** The tool the request forces with {@code toolChoice.tool.name}, if any. */
    public Optional<String> forcedTool() {
        JsonNode n = request.path("toolConfig").path("toolChoice").path("tool").path("name");
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** Whether the request carries a guardrail configuration. */
    public boolean guardrailEnabled() {
        return request.path("guardrailConfig").has("guardrailIdentifier");
    }

    public String guardrailId() {
        return request.path("guardrailConfig").path("guardrailIdentifier").asText("");
    }

    /** maxTokens of the inference config, or {@code Integer.MAX_VALUE}. */
    public int maxTokens() {
        JsonNode n = request.path("inferenceConfig").path("maxTokens");
        return n.isNumber() ? n.asInt() : Integer.MAX_VALUE;
    }

    String lowerPrompt() {
        return lastUserText().toLowerCase(Locale.ROOT);
    }
}
