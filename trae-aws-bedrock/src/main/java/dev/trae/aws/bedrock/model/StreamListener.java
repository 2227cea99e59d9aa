package dev.trae.aws.bedrock.model;

import java.util.function.Consumer;

/**
 * Callbacks of a ConverseStream call, on an SDK I/O thread: keep them quick. Text and tool-use deltas
 * arrive as they are generated; {@link #onComplete} gets the assembled result with usage; {@link #onError}
 * the translated failure. An exception thrown by a callback cancels the stream.
 */
public interface StreamListener {

    /** A piece of generated text. */
    default void onText(String delta) {
    }

    /** The model started a tool call. */
    /** A piece of the model's reasoning text (extended thinking); the whole block is kept in the result's message. */
    default void onReasoning(String delta) {
    }

    /** A citation that applies to the text of the current content block. */
    default void onCitation(ContentBlock.Citation citation) {
    }

    default void onToolUseStart(String toolUseId, String name) {
    }

    /** A piece of a tool call's JSON input. */
    default void onToolUseDelta(String toolUseId, String partialJson) {
    }

    /** A complete tool call. */
    default void onToolUse(ContentBlock.ToolCall call) {
    }

    /** The whole answer with usage, after the last event. */
    default void onComplete(ConverseResult result) {
    }

    /** The stream failed (after its retries, if it had not started) or was cancelled. */
    default void onError(RuntimeException error) {
    }

    /** A listener that only receives text. */
    static StreamListener text(Consumer<String> onText) {
        return new StreamListener() {
            @Override
            public void onText(String delta) {
                onText.accept(delta);
            }
        };
    }

    /** Ignores everything. */
    static StreamListener noop() {
        return new StreamListener() {
        };
    }
}
