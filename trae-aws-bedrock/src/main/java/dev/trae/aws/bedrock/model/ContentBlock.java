package dev.trae.aws.bedrock.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One part of a {@link Message}: text, an image, a document, a prompt-cache point, a tool call made by the
 * model, the result of a tool call, the model's reasoning ({@link Reasoning}: text with its signature, or redacted
 * reasoning), or cited text ({@link Citations}). Immutable; byte arrays are copied in and out. Reasoning and
 * citations blocks come from the model and are sent back unchanged in the next turn (Claude refuses a tool-use turn
 * whose reasoning block was dropped or altered).
 *
 * <pre>{@code
 * Message.user(ContentBlock.text("What is on this screen?"), ContentBlock.image(png, "png"));
 * }</pre>
 */
public final class ContentBlock {
    /** The kind of block. */
    public enum Kind { TEXT, IMAGE, DOCUMENT, CACHE_POINT, TOOL_USE, TOOL_RESULT, REASONING, CITATIONS }

    private final Kind kind;
    private final String text;
    private final byte[] bytes;
    private final String format;
    private final String name;
    private final ToolCall toolCall;
    private final ToolResult toolResult;
    private final Reasoning reasoning;
    private final Citations citations;

    private ContentBlock(Kind kind, String text, byte[] bytes, String format, String name, ToolCall toolCall, ToolResult toolResult) {
        this(kind, text, bytes, format, name, toolCall, toolResult, null, null);
    }

    private ContentBlock(Kind kind, String text, byte[] bytes, String format, String name, ToolCall toolCall, ToolResult toolResult,
                         Reasoning reasoning, Citations citations) {
        this.reasoning = reasoning;
        this.citations = citations;
        this.kind = kind;
        this.text = text;
        this.bytes = bytes;
        this.format = format;
        this.name = name;
        this.toolCall = toolCall;
        this.toolResult = toolResult;
    }

    public static ContentBlock text(String text) {
        return new ContentBlock(Kind.TEXT, Objects.requireNonNull(text, "text"), null, null, null, null, null);
    }

    /** An image; {@code format} is {@code png}, {@code jpeg}, {@code gif} or {@code webp}. */
    public static ContentBlock image(byte[] bytes, String format) {
        return new ContentBlock(Kind.IMAGE, null, Objects.requireNonNull(bytes, "bytes").clone(),
                Objects.requireNonNull(format, "format").toLowerCase(Locale.ROOT), null, null, null);
    }

    /**
     * A document; {@code format} is one of {@code pdf, csv, doc, docx, xls, xlsx, html, txt, md}. The name
     * may contain only letters, digits, single spaces, hyphens, parentheses and square brackets.
     */
    public static ContentBlock document(byte[] bytes, String format, String name) {
        return new ContentBlock(Kind.DOCUMENT, null, Objects.requireNonNull(bytes, "bytes").clone(),
                Objects.requireNonNull(format, "format").toLowerCase(Locale.ROOT), Objects.requireNonNull(name, "name"), null, null);
    }

    /** A prompt-cache point: everything before it may be cached by models that support prompt caching. */
    public static ContentBlock cachePoint() {
        return new ContentBlock(Kind.CACHE_POINT, null, null, null, null, null, null);
    }

    public static ContentBlock toolUse(ToolCall call) {
        return new ContentBlock(Kind.TOOL_USE, null, null, null, null, Objects.requireNonNull(call), null);
    }

    public static ContentBlock toolResult(ToolResult result) {
        return new ContentBlock(Kind.TOOL_RESULT, null, null, null, null, null, Objects.requireNonNull(result));
    }

    /** The model's reasoning, as it answered it (send it back unchanged). */
    public static ContentBlock reasoning(Reasoning reasoning) {
        return new ContentBlock(Kind.REASONING, null, null, null, null, null, null, Objects.requireNonNull(reasoning, "reasoning"), null);
    }

    /** Text generated with citations of the documents it comes from. */
    public static ContentBlock citations(Citations citations) {
        return new ContentBlock(Kind.CITATIONS, null, null, null, null, null, null, null, Objects.requireNonNull(citations, "citations"));
    }

    public Kind kind() {
        return kind;
    }

    /** The reasoning of a REASONING block. */
    public Optional<Reasoning> reasoning() {
        return Optional.ofNullable(reasoning);
    }

    /** The cited text of a CITATIONS block. */
    public Optional<Citations> citations() {
        return Optional.ofNullable(citations);
    }

    /** The text of a TEXT block. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** A copy of the bytes of an IMAGE or DOCUMENT block (empty array otherwise). */
    public byte[] bytes() {
        return bytes == null ? new byte[0] : bytes.clone();
    }

    /** Size of the IMAGE or DOCUMENT bytes without copying. */
    public int byteLength() {
        return bytes == null ? 0 : bytes.length;
    }

    /** The image or document format. */
    public Optional<String> format() {
        return Optional.ofNullable(format);
    }

    /** The document name. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public Optional<ToolCall> toolCall() {
        return Optional.ofNullable(toolCall);
    }

    public Optional<ToolResult> toolResult() {
        return Optional.ofNullable(toolResult);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ContentBlock)) {
            return false;
        }
        ContentBlock c = (ContentBlock) o;
        return kind == c.kind && Objects.equals(text, c.text) && Arrays.equals(bytes, c.bytes) && Objects.equals(format, c.format)
                && Objects.equals(name, c.name) && Objects.equals(toolCall, c.toolCall) && Objects.equals(toolResult, c.toolResult)
                && Objects.equals(reasoning, c.reasoning) && Objects.equals(citations, c.citations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, text, Arrays.hashCode(bytes), format, name, toolCall, toolResult, reasoning, citations);
    }

    @Override
    public String toString() {
        switch (kind) {
            case TEXT:
                return "Text[" + text.length() + " chars]";
            case IMAGE:
                return "Image[" + format + ", " + bytes.length + " bytes]";
            case DOCUMENT:
                return "Document[" + name + ", " + format + ", " + bytes.length + " bytes]";
            case TOOL_USE:
                return "ToolUse[" + toolCall.name() + "]";
            case TOOL_RESULT:
                return "ToolResult[" + toolResult.toolUseId() + "]";
            case REASONING:
                return reasoning.toString();
            case CITATIONS:
                return "Citations[" + citations.text().length() + " chars, " + citations.citations().size() + " citations]";
            default:
                return "CachePoint";
        }
    }

    /**
     * A tool call requested by the model.
     *
     * @param toolUseId the id to answer with in the {@link ToolResult}
     * @param name      the tool name
     * @param input     the input as JSON
     */
    public record ToolCall(String toolUseId, String name, JsonNode input) {
        public ToolCall {
            Objects.requireNonNull(toolUseId, "toolUseId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(input, "input");
        }
    }

    /**
     * The answer to a tool call: JSON content or text, and whether the tool failed.
     *
     * @param toolUseId the id of the call
     * @param content   the result as JSON (an object, or a text node for text results)
     * @param error     whether the tool failed (status {@code error})
     */
    public record ToolResult(String toolUseId, JsonNode content, boolean error) {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * The model's reasoning (extended thinking): either reasoning text with the signature that proves it was not
     * altered, or redacted reasoning (encrypted bytes). Both must go back to the model unchanged.
     */
    public static final class Reasoning {
        private final String text;
        private final String signature;
        private final byte[] redacted;

        private Reasoning(String text, String signature, byte[] redacted) {
            this.text = text;
            this.signature = signature;
            this.redacted = redacted;
        }

        /** Reasoning text with its signature ({@code null} when the model gives none, as DeepSeek R1 does). */
        public static Reasoning text(String text, String signature) {
            return new Reasoning(Objects.requireNonNull(text, "text"), signature, null);
        }

        /** Redacted reasoning: the encrypted bytes as the model sent them. */
        public static Reasoning redacted(byte[] content) {
            return new Reasoning(null, null, Objects.requireNonNull(content, "content").clone());
        }

        /** The reasoning text (empty for redacted reasoning). */
        public Optional<String> text() {
            return Optional.ofNullable(text);
        }

        /** The signature of the reasoning text. */
        public Optional<String> signature() {
            return Optional.ofNullable(signature);
        }

        /** Whether this is redacted reasoning. */
        public boolean isRedacted() {
            return redacted != null;
        }

        /** A copy of the redacted bytes (empty when not redacted). */
        public byte[] redactedContent() {
            return redacted == null ? new byte[0] : redacted.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reasoning r && Objects.equals(text, r.text) && Objects.equals(signature, r.signature)
                    && Arrays.equals(redacted, r.redacted);
        }

        @Override
        public int hashCode() {
            return Objects.hash(text, signature, Arrays.hashCode(redacted));
        }

        @Override
        public String toString() {
            return redacted != null ? "Reasoning[redacted, " + redacted.length + " bytes]"
                    : "Reasoning[" + text.length() + " chars, signed=" + (signature != null) + "]";
        }
    }

    /**
     * Text the model generated together with the passages of the documents it cites.
     *
     * @param content   the generated text parts, in order (their concatenation is the answer text of the block)
     * @param citations the cited sources
     */
    public record Citations(List<String> content, List<Citation> citations) {
        public Citations {
            content = List.copyOf(content);
            citations = List.copyOf(citations);
        }

        /** The generated text of the block. */
        public String text() {
            return String.join("", content);
        }
    }

    /**
     * One cited source.
     *
     * @param title         the document title (may be empty)
     * @param sourceContent the cited passages
     * @param location      where in the source: {@code documentPage}, {@code documentChar}, {@code documentChunk},
     *                      {@code searchResultLocation} or {@code web}
     * @param documentIndex the index of the document in the request (-1 when not a document location)
     * @param start         the start of the cited range (page, character or chunk; -1 when unknown)
     * @param end           its end (-1 when unknown)
     * @param url           the URL of a web location (empty otherwise)
     */
    public record Citation(String title, List<String> sourceContent, String location, int documentIndex, int start, int end,
                           String url) {
        public Citation {
            title = title == null ? "" : title;
            sourceContent = List.copyOf(sourceContent);
            location = location == null ? "" : location;
            url = url == null ? "" : url;
        }
    }

    /** Convenience for tests and callers: the kinds of a list of blocks. */
    public static List<Kind> kinds(List<ContentBlock> blocks) {
        return blocks.stream().map(ContentBlock::kind).toList();
    }
}
