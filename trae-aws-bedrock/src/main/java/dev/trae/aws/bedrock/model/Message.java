package dev.trae.aws.bedrock.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One turn of a conversation: a role and its content blocks. Immutable.
 *
 * @param role    who wrote it
 * @param content the blocks, at least one
 */
public record Message(Role role, List<ContentBlock> content) {
    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(ContentBlock.text(text)));
    }

    public static Message user(ContentBlock... blocks) {
        return new Message(Role.USER, List.of(blocks));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(ContentBlock.text(text)));
    }

    public static Message assistant(ContentBlock... blocks) {
        return new Message(Role.ASSISTANT, List.of(blocks));
    }

    /** The answer text: the text blocks and the generated text of citations blocks, joined in order (not reasoning). */
    public String text() {
        return content.stream().map(b -> b.kind() == ContentBlock.Kind.TEXT ? b.text().orElse("")
                : b.kind() == ContentBlock.Kind.CITATIONS ? b.citations().orElseThrow().text() : "").collect(Collectors.joining());
    }

    /** The reasoning blocks of this message. */
    public List<ContentBlock.Reasoning> reasoning() {
        return content.stream().filter(b -> b.kind() == ContentBlock.Kind.REASONING).map(b -> b.reasoning().orElseThrow()).toList();
    }

    /** The citations of this message, over all its citations blocks. */
    public List<ContentBlock.Citation> citations() {
        return content.stream().filter(b -> b.kind() == ContentBlock.Kind.CITATIONS)
                .flatMap(b -> b.citations().orElseThrow().citations().stream()).toList();
    }

    /** The tool calls in this message. */
    public List<ContentBlock.ToolCall> toolCalls() {
        return content.stream().filter(b -> b.kind() == ContentBlock.Kind.TOOL_USE).map(b -> b.toolCall().orElseThrow()).toList();
    }
}
