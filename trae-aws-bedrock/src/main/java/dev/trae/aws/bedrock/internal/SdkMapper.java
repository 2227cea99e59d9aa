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
import software.amazon.awssdk.services.bedrockruntime.model.CitationGeneratedContent;
import software.amazon.awssdk.services.bedrockruntime.model.CitationLocation;
import software.amazon.awssdk.services.bedrockruntime.model.CitationSourceContent;
import software.amazon.awssdk.services.bedrockruntime.model.CitationsContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
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
            case REASONING:
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromReasoningContent(reasoning(c.reasoning().orElseThrow()));
            case CITATIONS:
                return software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromCitationsContent(citations(c.citations().orElseThrow()));
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

    static ReasoningContentBlock reasoning(ContentBlock.Reasoning r) {
        if (r.isRedacted()) {
            return ReasoningContentBlock.fromRedactedContent(SdkBytes.fromByteArray(r.redactedContent()));
        }
        return ReasoningContentBlock.fromReasoningText(ReasoningTextBlock.builder().text(r.text().orElse(""))
                .signature(r.signature().orElse(null)).build());
    }

    static CitationsContentBlock citations(ContentBlock.Citations c) {
        List<software.amazon.awssdk.services.bedrockruntime.model.Citation> out = new ArrayList<>();
        for (ContentBlock.Citation x : c.citations()) {
            software.amazon.awssdk.services.bedrockruntime.model.Citation.Builder b =
                    software.amazon.awssdk.services.bedrockruntime.model.Citation.builder()
                            .sourceContent(x.sourceContent().stream().map(t -> CitationSourceContent.builder().text(t).build()).toList());
            if (!x.title().isEmpty()) {
                b.title(x.title());
            }
            location(x).ifPresent(b::location);
            out.add(b.build());
        }
        return CitationsContentBlock.builder().citations(out)
                .content(c.content().stream().map(t -> CitationGeneratedContent.builder().text(t).build()).toList()).build();
    }

    private static Optional<CitationLocation> location(ContentBlock.Citation x) {
        Integer start = x.start() < 0 ? null : x.start();
        Integer end = x.end() < 0 ? null : x.end();
        Integer doc = x.documentIndex() < 0 ? null : x.documentIndex();
        switch (x.location()) {
            case "documentPage":
                return Optional.of(CitationLocation.fromDocumentPage(p -> p.documentIndex(doc).start(start).end(end)));
            case "documentChar":
                return Optional.of(CitationLocation.fromDocumentChar(p -> p.documentIndex(doc).start(start).end(end)));
            case "documentChunk":
                return Optional.of(CitationLocation.fromDocumentChunk(p -> p.documentIndex(doc).start(start).end(end)));
            case "web":
                return Optional.of(CitationLocation.fromWeb(w -> w.url(x.url())));
            default:
                return Optional.empty();
        }
    }

    /** An SDK citation as a Trae citation; {@code sourceContent} texts are given separately (streams send them as deltas). */
    public static ContentBlock.Citation citation(String title, List<String> sourceContent, CitationLocation l) {
        if (l == null) {
            return new ContentBlock.Citation(title, sourceContent, "", -1, -1, -1, "");
        }
        if (l.documentPage() != null) {
            var x = l.documentPage();
            return range(title, sourceContent, "documentPage", x.documentIndex(), x.start(), x.end());
        }
        if (l.documentChar() != null) {
            var x = l.documentChar();
            return range(title, sourceContent, "documentChar", x.documentIndex(), x.start(), x.end());
        }
        if (l.documentChunk() != null) {
            var x = l.documentChunk();
            return range(title, sourceContent, "documentChunk", x.documentIndex(), x.start(), x.end());
        }
        if (l.searchResultLocation() != null) {
            var x = l.searchResultLocation();
            return range(title, sourceContent, "searchResultLocation", x.searchResultIndex(), x.start(), x.end());
        }
        return new ContentBlock.Citation(title, sourceContent, l.web() != null ? "web" : "", -1, -1, -1,
                l.web() != null ? l.web().url() : "");
    }

    private static ContentBlock.Citation range(String title, List<String> sourceContent, String kind, Integer doc, Integer start,
                                               Integer end) {
        return new ContentBlock.Citation(title, sourceContent, kind, n(doc, -1), n(start, -1), n(end, -1), "");
    }

    private static int n(Integer i, int dflt) {
        return i == null ? dflt : i;
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
                } else if (c.reasoningContent() != null) {
                    ReasoningContentBlock r = c.reasoningContent();
                    blocks.add(ContentBlock.reasoning(r.redactedContent() != null
                            ? ContentBlock.Reasoning.redacted(r.redactedContent().asByteArray())
                            : ContentBlock.Reasoning.text(r.reasoningText() == null ? "" : r.reasoningText().text(),
                            r.reasoningText() == null ? null : r.reasoningText().signature())));
                } else if (c.citationsContent() != null) {
                    CitationsContentBlock cc = c.citationsContent();
                    List<ContentBlock.Citation> cites = new ArrayList<>();
                    cc.citations().forEach(x -> cites.add(citation(x.title(),
                            x.sourceContent().stream().map(CitationSourceContent::text).toList(), x.location())));
                    blocks.add(ContentBlock.citations(new ContentBlock.Citations(
                            cc.content().stream().map(CitationGeneratedContent::text).toList(), cites)));
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
        List<GuardrailAssessment.GroundingFilter> grounding = new ArrayList<>();
        if (a.contextualGroundingPolicy() != null) {
            a.contextualGroundingPolicy().filters().forEach(f -> grounding.add(new GuardrailAssessment.GroundingFilter(f.typeAsString(),
                    f.threshold() == null ? 0 : f.threshold(), f.score() == null ? 0 : f.score(), f.actionAsString(),
                    Boolean.TRUE.equals(f.detected()))));
        }
        return new GuardrailAssessment(topics, filters, words, pii, regexes, grounding);
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
