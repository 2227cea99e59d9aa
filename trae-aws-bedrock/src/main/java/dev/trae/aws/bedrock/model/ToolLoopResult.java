package dev.trae.aws.bedrock.model;

import java.util.List;

/**
 * The outcome of a tool-execution loop.
 *
 * @param result       the final answer (no more tool calls)
 * @param conversation every message exchanged, the tool calls and results included
 * @param invocations  every tool invocation, in order
 * @param usage        tokens of all rounds
 * @param rounds       model calls made
 */
public record ToolLoopResult(ConverseResult result, List<Message> conversation, List<ToolInvocation> invocations,
                             TokenUsage usage, int rounds) {
    public ToolLoopResult {
        conversation = List.copyOf(conversation);
        invocations = List.copyOf(invocations);
    }

    /**
     * One tool invocation.
     *
     * @param call   what the model asked for
     * @param result what was sent back
     */
    public record ToolInvocation(ContentBlock.ToolCall call, ContentBlock.ToolResult result) {
    }
}
