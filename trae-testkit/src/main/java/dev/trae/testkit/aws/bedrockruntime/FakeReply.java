package dev.trae.testkit.aws.bedrockruntime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One assistant turn a {@link BedrockRuntimeFake} answers with: text, tool calls, a stop reason, and
 * optionally fixed token counts. Queue scripted replies with {@link BedrockRuntimeFake#enqueue(FakeReply)}.
 * Immutable.
 *
 * <pre>{@code
 * fake.enqueue(FakeReply.text("Hello"));
 * fake.enqueue(FakeReply.toolUse("get_weather", Map.of("city", "Kyiv")));
 * }</pre>
 */
public final class FakeReply {
    /** A tool call in a reply. */
    public record ToolUse(String toolUseId, String name, Map<String, Object> input) {
    }

    private final String text;
    private final List<ToolUse> toolUses;
    private final String stopReason;
    private final Integer inputTokens;
    private final Integer outputTokens;

    private FakeReply(String text, List<ToolUse> toolUses, String stopReason, Integer inputTokens, Integer outputTokens) {
        this.text = text == null ? "" : text;
        this.toolUses = Collections.unmodifiableList(new ArrayList<>(toolUses));
        this.stopReason = stopReason;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
    }

    /** A text answer that ends the turn. */
    public static FakeReply text(String text) {
        return new FakeReply(Objects.requireNonNull(text), List.of(), "end_turn", null, null);
    }

    /** A single tool call (stop reason {@code tool_use}). */
    public static FakeReply toolUse(String name, Map<String, ?> input) {
        return new FakeReply("", List.of(new ToolUse("tooluse_" + Math.abs(Objects.hash(name, input.toString())), name,
                new LinkedHashMap<>(input))), "tool_use", null, null);
    }

    /** Text plus tool calls. */
    public static FakeReply of(String text, List<ToolUse> toolUses, String stopReason) {
        return new FakeReply(text, toolUses, stopReason, null, null);
    }

    /** The same reply with another stop reason, such as {@code max_tokens}. */
    public FakeReply stopReason(String reason) {
        return new FakeReply(text, toolUses, Objects.requireNonNull(reason), inputTokens, outputTokens);
    }

    /** The same reply reporting fixed token counts instead of the estimate. */
    public FakeReply tokens(int input, int output) {
        return new FakeReply(text, toolUses, stopReason, input, output);
    }

    public String text() {
        return text;
    }

    public List<ToolUse> toolUses() {
        return toolUses;
    }

    public String stopReason() {
        return stopReason;
    }

    Integer inputTokens() {
        return inputTokens;
    }

    Integer outputTokens() {
        return outputTokens;
    }
}
