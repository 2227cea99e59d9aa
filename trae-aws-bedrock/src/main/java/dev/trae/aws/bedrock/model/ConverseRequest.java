package dev.trae.aws.bedrock.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Converse or ConverseStream call: model, conversation, system prompt, sampling settings, tools,
 * guardrail and the application the cost is booked to. Immutable; checked before any network call.
 *
 * <pre>{@code
 * ConverseRequest req = ConverseRequest.builder()
 *         .modelId("amazon.nova-lite-v1:0")
 *         .system("You are a terse assistant.")
 *         .user("Name three pump types.")
 *         .inference(i -> i.maxTokens(300).temperature(0.2))
 *         .build();
 * }</pre>
 */
public final class ConverseRequest {
    private final String modelId;
    private final List<Message> messages;
    private final List<ContentBlock> system;
    private final InferenceConfig inference;
    private final List<ToolSpec> tools;
    private final ToolChoice toolChoice;
    private final GuardrailConfig guardrail;
    private final String app;
    private final JsonNode additionalModelRequestFields;

    private ConverseRequest(Builder b) {
        this.modelId = b.modelId;
        this.messages = List.copyOf(b.messages);
        this.system = List.copyOf(b.system);
        this.inference = b.inference;
        this.tools = List.copyOf(b.tools);
        this.toolChoice = b.toolChoice;
        this.guardrail = b.guardrail;
        this.app = b.app;
        this.additionalModelRequestFields = b.additionalModelRequestFields == null ? null : b.additionalModelRequestFields.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.modelId = modelId;
        b.messages.addAll(messages);
        b.system.addAll(system);
        b.inference = inference;
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        b.guardrail = guardrail;
        b.app = app;
        b.additionalModelRequestFields = additionalModelRequestFields;
        return b;
    }

    /** The model id, inference profile id or ARN as given. */
    public String modelId() {
        return modelId;
    }

    public List<Message> messages() {
        return messages;
    }

    /** System prompt blocks: text and cache points. */
    public List<ContentBlock> system() {
        return system;
    }

    public InferenceConfig inference() {
        return inference;
    }

    public List<ToolSpec> tools() {
        return tools;
    }

    public ToolChoice toolChoice() {
        return toolChoice;
    }

    public Optional<GuardrailConfig> guardrail() {
        return Optional.ofNullable(guardrail);
    }

    /** The application the usage and cost are booked to ({@code "default"} unless set). */
    public String app() {
        return app;
    }

    /** Model-specific fields passed through unchanged. */
    public Optional<JsonNode> additionalModelRequestFields() {
        return Optional.ofNullable(additionalModelRequestFields == null ? null : additionalModelRequestFields.deepCopy());
    }

    @Override
    public String toString() {
        return "ConverseRequest[model=" + modelId + ", messages=" + messages.size() + ", system=" + system.size()
                + ", tools=" + tools.size() + ", toolChoice=" + toolChoice + ", guardrail=" + (guardrail != null)
                + ", app=" + app + ", " + inference + "]";
    }

    /** Builder for {@link ConverseRequest}. */
    public static final class Builder {
        private String modelId;
        private final List<Message> messages = new ArrayList<>();
        private final List<ContentBlock> system = new ArrayList<>();
        private InferenceConfig inference = InferenceConfig.defaults();
        private final List<ToolSpec> tools = new ArrayList<>();
        private ToolChoice toolChoice = ToolChoice.auto();
        private GuardrailConfig guardrail;
        private String app = "default";
        private JsonNode additionalModelRequestFields;

        private Builder() {
        }

        public Builder modelId(String id) {
            this.modelId = id;
            return this;
        }

        /** Replaces the conversation. */
        public Builder messages(List<Message> m) {
            messages.clear();
            messages.addAll(m);
            return this;
        }

        public Builder message(Message m) {
            messages.add(Objects.requireNonNull(m));
            return this;
        }

        /** Adds a user turn with one text block. */
        public Builder user(String text) {
            return message(Message.user(text));
        }

        /** Adds a system prompt text block. */
        public Builder system(String text) {
            system.add(ContentBlock.text(text));
            return this;
        }

        /** Adds a cache point after the system blocks added so far. */
        public Builder systemCachePoint() {
            system.add(ContentBlock.cachePoint());
            return this;
        }

        public Builder inference(InferenceConfig c) {
            this.inference = Objects.requireNonNull(c);
            return this;
        }

        public Builder inference(Consumer<InferenceConfig.Builder> c) {
            InferenceConfig.Builder b = inference.toBuilder();
            c.accept(b);
            this.inference = b.build();
            return this;
        }

        public Builder tools(List<ToolSpec> t) {
            tools.clear();
            tools.addAll(t);
            return this;
        }

        public Builder tool(ToolSpec t) {
            tools.add(Objects.requireNonNull(t));
            return this;
        }

        public Builder toolChoice(ToolChoice c) {
            this.toolChoice = Objects.requireNonNull(c);
            return this;
        }

        public Builder guardrail(GuardrailConfig g) {
            this.guardrail = g;
            return this;
        }

        public Builder app(String a) {
            this.app = a;
            return this;
        }

        public Builder additionalModelRequestFields(JsonNode fields) {
            this.additionalModelRequestFields = fields;
            return this;
        }

        public ConverseRequest build() {
            return new ConverseRequest(this);
        }
    }
}
