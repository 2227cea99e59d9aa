package dev.trae.aws.bedrock.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One part of a {@link Message}: text, an image, a document, a prompt-cache point, a tool call made by the
 * model, or the result of a tool call. Immutable; byte arrays are copied in and out.
 *
 * <pre>{@code
 * Message.user(ContentBlock.text("What is on this screen?"), ContentBlock.image(png, "png"));
 * }</pre>
 */
public final class ContentBlock {
    /** The kind of block. */
    public enum Kind { TEXT, IMAGE, DOCUMENT, CACHE_POINT, TOOL_USE, TOOL_RESULT }

    private final Kind kind;
    private final String text;
    private final byte[] bytes;
    private final String format;
    private final String name;
    private final ToolCall toolCall;
    private final ToolResult toolResult;

    private ContentBlock(Kind kind, String text, byte[] bytes, String format, String name, ToolCall toolCall, ToolResult toolResult) {
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

    public Kind kind() {
        return kind;
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
                && Objects.equals(name, c.name) && Objects.equals(toolCall, c.toolCall) && Objects.equals(toolResult, c.toolResult);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, text, Arrays.hashCode(bytes), format, name, toolCall, toolResult);
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

    /** Convenience for tests and callers: the kinds of a list of blocks. */
    public static List<Kind> kinds(List<ContentBlock> blocks) {
        return blocks.stream().map(ContentBlock::kind).toList();
    }
}
