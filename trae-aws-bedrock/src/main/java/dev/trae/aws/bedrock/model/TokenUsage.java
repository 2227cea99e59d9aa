package dev.trae.aws.bedrock.model;

/**
 * Tokens of one call or of many calls added up: input, output, and prompt-cache reads and writes
 * (which Bedrock reports separately from {@code inputTokens}). Immutable.
 *
 * @param inputTokens      input tokens not served from or written to the prompt cache
 * @param outputTokens     generated tokens
 * @param cacheReadTokens  input tokens read from the prompt cache
 * @param cacheWriteTokens input tokens written to the prompt cache
 */
public record TokenUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
    /** No tokens. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** Input plus output tokens, cache reads and writes included. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }

    /** The sum of this and {@code other}. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens);
    }
}
