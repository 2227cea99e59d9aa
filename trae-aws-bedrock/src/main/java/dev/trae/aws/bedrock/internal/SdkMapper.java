package dev.trae.aws.bedrock.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.GuardrailAssessment;
import dev.trae.aws.bedrock.model.GuardrailConfig;
import dev.trae.aws.bedrock.model.GuardrailTrace;
import dev.trae.aws.bedrock.model.InferenceConfig;
import dev.trae.aws.bedrock.model.Message;
import dev.trae.aws.bedrock.model.Role;
import dev.trae.aws.bedrock.model.ToolSpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailStreamConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailStreamProcessingMode;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTraceAssessment;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** Maps Trae's model types to the AWS SDK's Bedrock Runtime types and back. */
public final class SdkMapper {
    private SdkMapper() {
    }

    public static software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest converse(ConverseRequest r, String modelId) {
        software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest.Builder b =
                software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest.builder()
                        .modelId(modelId)
                        .messages(messages(r.messages()));
        if (!r.system().isEmpty()) {
            b.system(system(r.system()));
        }
        inference(r.inference()).ifPresent(b::inferenceConfig);
        toolConfig(r).ifPresent(b::toolConfig);
        r.guardrail().ifPresent(g -> b.guardrailConfig(GuardrailConfiguration.builder().guardrailIdentifier(g.identifier())
                .guardrailVersion(g.version()).trace(g.trace() ? "enabled" : "disabled").build()));
        r.additionalModelRequestFields().ifPresent(f -> b.additionalModelRequestFields(Docs.toDocument(f)));
        return b.build();
    }

    public static ConverseStreamRequest converseStream(ConverseRequest r, String modelId) {
        ConverseStreamRequest.Builder b = ConverseStreamRequest.builder()
                .modelId(modelId)
                .messages(messages(r.messages()));
        if (!r.system().isEmpty()) {
            b.system(system(r.system()));
        }
        inference(r.inference()).ifPresent(b::inferenceConfig);
        toolConfig(r).ifPresent(b::toolConfig);
        r.guardrail().ifPresent(g -> b.guardrailConfig(GuardrailStreamConfiguration.builder().guardrailIdentifier(g.identifier())
                .guardrailVersion(g.version()).trace(g.trace() ? "enabled" : "disabled")
                .streamProcessingMode(g.asyncStreamProcessing() ? GuardrailStreamProcessingMode.ASYNC : GuardrailStreamProcessingMode.SYNC)
                .build()));
        r.additionalModelRequestFields().ifPresent(f -> b.additionalModelRequestFields(Docs.toDocument(f)));
        return b.build();
    }

    static List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages(List<Message> messages) {
        List<software.amazon.awssdk.services.bedrockruntime.model.Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            List<software.amazon.awssdk.services.bedrockruntime.model.ContentBlock> blocks = new ArrayList<>();
            for (ContentBlock c : m.content()) {
                blocks.add(block(c));
            }
            out.add(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
                    .role(m.role() == Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
                    .content(blocks).build());
        }
        return out;
    }

    static software.amazon.awssdk.services.bedrockruntime.model.ContentBlock block(ContentBlock c) {
        switch (c.kind()) {
            case TEXT:
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromText(c.text().orElseThrow());
            case IMAGE:
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromImage(ImageBlock.builder()
                        .format(c.format().orElseThrow()).source(s -> s.bytes(SdkBytes.fromByteArrayUnsafe(c.bytes()))).build());
            case DOCUMENT:
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromDocument(DocumentBlock.builder()
                        .format(c.format().orElseThrow()).name(c.name().orElseThrow())
                        .source(s -> s.bytes(SdkBytes.fromByteArrayUnsafe(c.bytes()))).build());
            case CACHE_POINT:
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromCachePoint(
                        CachePointBlock.builder().type(CachePointType.DEFAULT).build());
            case TOOL_USE: {
                ContentBlock.ToolCall t = c.toolCall().orElseThrow();
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromToolUse(ToolUseBlock.builder()
                        .toolUseId(t.toolUseId()).name(t.name()).input(Docs.toDocument(t.input())).build());
            }
            default: {
                ContentBlock.ToolResult t = c.toolResult().orElseThrow();
                ToolResultContentBlock content = t.content().isTextual()
                        ? ToolResultContentBlock.fromText(t.content().asText())
                        : ToolResultContentBlock.fromJson(Docs.toDocument(t.content()));
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromToolResult(ToolResultBlock.builder()
                        .toolUseId(t.toolUseId()).content(content)
                        .status(t.error() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS).build());
            }
        }
    }

    static List<SystemContentBlock> system(List<ContentBlock> system) {
        List<SystemContentBlock> out = new ArrayList<>();
        for (ContentBlock c : system) {
            out.add(c.kind() == ContentBlock.Kind.CACHE_POINT
                    ? SystemContentBlock.fromCachePoint(CachePointBlock.builder().type(CachePointType.DEFAULT).build())
                    : SystemContentBlock.fromText(c.text().orElseThrow()));
        }
        return out;
    }

    static Optional<InferenceConfiguration> inference(InferenceConfig c) {
        if (c.maxTokens().isEmpty() && c.temperature().isEmpty() && c.topP().isEmpty() && c.stopSequences().isEmpty()) {
            return Optional.empty();
        }
        InferenceConfiguration.Builder b = InferenceConfiguration.builder();
        c.maxTokens().ifPresent(b::maxTokens);
        c.temperature().ifPresent(t -> b.temperature(t.floatValue()));
        c.topP().ifPresent(p -> b.topP(p.floatValue()));
        if (!c.stopSequences().isEmpty()) {
            b.stopSequences(c.stopSequences());
        }
        return Optional.of(b.build());
    }

    static Optional<ToolConfiguration> toolConfig(ConverseRequest r) {
        if (r.tools().isEmpty()) {
            return Optional.empty();
        }
        List<Tool> tools = new ArrayList<>();
        for (ToolSpec t : r.tools()) {
            tools.add(Tool.fromToolSpec(ToolSpecification.builder().name(t.name()).description(t.description())
                    .inputSchema(ToolInputSchema.fromJson(Docs.toDocument(t.inputSchema()))).build()));
        }
        ToolConfiguration.Builder b = ToolConfiguration.builder().tools(tools);
        switch (r.toolChoice().mode()) {
            case "any":
                b.toolChoice(ToolChoice.fromAny(AnyToolChoice.builder().build()));
                break;
            case "tool":
                b.toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder().name(r.toolChoice().toolName().orElseThrow()).build()));
                break;
            default:
                b.toolChoice(ToolChoice.fromAuto(AutoToolChoice.builder().build()));
        }
        return Optional.of(b.build());
    }

    /** The SDK's assistant message as a Trae message. */
    public static Message message(software.amazon.awssdk.services.bedrockruntime.model.Message m) {
        List<ContentBlock> blocks = new ArrayList<>();
        if (m != null && m.content() != null) {
            for (software.amazon.awssdk.services.bedrockruntime.model.ContentBlock c : m.content()) {
                if (c.text() != null) {
                    blocks.add(ContentBlock.text(c.text()));
                } else if (c.toolUse() != null) {
                    blocks.add(ContentBlock.toolUse(new ContentBlock.ToolCall(c.toolUse().toolUseId(), c.toolUse().name(),
                            Docs.toJson(c.toolUse().input()))));
                }
            }
        }
        return new Message(Role.ASSISTANT, blocks);
    }

    public static dev.trae.aws.bedrock.model.TokenUsage usage(software.amazon.awssdk.services.bedrockruntime.model.TokenUsage u) {
        if (u == null) {
            return dev.trae.aws.bedrock.model.TokenUsage.ZERO;
        }
        return new dev.trae.aws.bedrock.model.TokenUsage(n(u.inputTokens()), n(u.outputTokens()), n(u.cacheReadInputTokens()),
                n(u.cacheWriteInputTokens()));
    }

    private static long n(Integer i) {
        return i == null ? 0 : i;
    }

    public static Optional<GuardrailTrace> guardrail(GuardrailTraceAssessment g, boolean intervened) {
        if (g == null) {
            return intervened ? Optional.of(new GuardrailTrace(true, List.of(), List.of())) : Optional.empty();
        }
        List<GuardrailAssessment> in = new ArrayList<>();
        if (g.inputAssessment() != null) {
            g.inputAssessment().values().forEach(a -> in.add(assessment(a)));
        }
        List<GuardrailAssessment> out = new ArrayList<>();
        if (g.outputAssessments() != null) {
            for (Map.Entry<String, List<software.amazon.awssdk.services.bedrockruntime.model.GuardrailAssessment>> e
                    : g.outputAssessments().entrySet()) {
                e.getValue().forEach(a -> out.add(assessment(a)));
            }
        }
        boolean blocked = intervened || in.stream().anyMatch(GuardrailAssessment::blocked) || out.stream().anyMatch(GuardrailAssessment::blocked);
        return Optional.of(new GuardrailTrace(blocked, in, out));
    }

    public static GuardrailAssessment assessment(software.amazon.awssdk.services.bedrockruntime.model.GuardrailAssessment a) {
        List<GuardrailAssessment.Topic> topics = new ArrayList<>();
        if (a.topicPolicy() != null) {
            a.topicPolicy().topics().forEach(t -> topics.add(new GuardrailAssessment.Topic(t.name(), t.typeAsString(), t.actionAsString())));
        }
        List<GuardrailAssessment.ContentFilter> filters = new ArrayList<>();
        if (a.contentPolicy() != null) {
            a.contentPolicy().filters().forEach(f -> filters.add(new GuardrailAssessment.ContentFilter(f.typeAsString(),
                    f.confidenceAsString(), f.actionAsString())));
        }
        List<GuardrailAssessment.WordMatch> words = new ArrayList<>();
        if (a.wordPolicy() != null) {
            a.wordPolicy().customWords().forEach(w -> words.add(new GuardrailAssessment.WordMatch(w.match(), w.actionAsString())));
            a.wordPolicy().managedWordLists().forEach(w -> words.add(new GuardrailAssessment.WordMatch(w.match(), w.actionAsString())));
        }
        List<GuardrailAssessment.PiiMatch> pii = new ArrayList<>();
        List<GuardrailAssessment.RegexMatch> regexes = new ArrayList<>();
        if (a.sensitiveInformationPolicy() != null) {
            a.sensitiveInformationPolicy().piiEntities().forEach(p -> pii.add(new GuardrailAssessment.PiiMatch(p.typeAsString(),
                    p.match(), p.actionAsString())));
            a.sensitiveInformationPolicy().regexes().forEach(r -> regexes.add(new GuardrailAssessment.RegexMatch(r.name(),
                    r.match(), r.actionAsString())));
        }
        return new GuardrailAssessment(topics, filters, words, pii, regexes);
    }

    /** A guardrail config's id check (shared with ApplyGuardrail). */
    public static void check(GuardrailConfig g) {
        RequestValidator.guardrail(g);
    }

    /** The JSON of a tool input, never null. */
    public static JsonNode json(JsonNode n) {
        return n == null ? Docs.MAPPER.createObjectNode() : n;
    }
}
