package dev.trae.aws.bedrock.model;

/**
 * What a model supports through the Converse API.
 *
 * @param streaming     ConverseStream
 * @param tools         tool use
 * @param images        image blocks in prompts
 * @param documents     document blocks in prompts
 * @param promptCaching cache points
 * @param contextWindow the context window in tokens ({@link Integer#MAX_VALUE} when unknown)
 * @param known         whether these facts come from the catalog or a known model family; when {@code false} the
 *                      other fields are permissive and nothing is refused for them (the service decides)
 */
public record ModelCapabilities(boolean streaming, boolean tools, boolean images, boolean documents, boolean promptCaching,
                                int contextWindow, boolean known) {

    /** Known capabilities. */
    public ModelCapabilities(boolean streaming, boolean tools, boolean images, boolean documents, boolean promptCaching,
                             int contextWindow) {
        this(streaming, tools, images, documents, promptCaching, contextWindow, true);
    }

    /** Capabilities of a model nothing is known about: everything allowed, no context-window check. */
    public static ModelCapabilities unknown() {
        return new ModelCapabilities(true, true, true, true, true, Integer.MAX_VALUE, false);
    }
}
