package dev.trae.aws.bedrock.model;

/**
 * What a model supports through the Converse API.
 *
 * @param streaming     ConverseStream
 * @param tools         tool use
 * @param images        image blocks in prompts
 * @param documents     document blocks in prompts
 * @param promptCaching cache points
 * @param contextWindow the context window in tokens (an estimate for unknown models)
 */
public record ModelCapabilities(boolean streaming, boolean tools, boolean images, boolean documents, boolean promptCaching,
                                int contextWindow) {
}
