package dev.trae.aws.bedrock.model;

import java.util.Locale;

/** Why the model stopped generating. {@link #UNKNOWN} covers values newer than this SDK. */
public enum StopReason {
    END_TURN, TOOL_USE, MAX_TOKENS, STOP_SEQUENCE, GUARDRAIL_INTERVENED, CONTENT_FILTERED, MODEL_CONTEXT_WINDOW_EXCEEDED, UNKNOWN;

    /** Parses the wire value such as {@code end_turn}. */
    public static StopReason fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
