package dev.trae.testkit.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * One message of an AWS event stream served by a fake: an event ({@code :message-type event}) with a
 * JSON payload, or a modeled exception ({@code :message-type exception}). Immutable.
 */
public final class StreamEvent {
    private final boolean exception;
    private final String type;
    private final Object payload;
    private final Duration delay;

    private StreamEvent(boolean exception, String type, Object payload, Duration delay) {
        this.exception = exception;
        this.type = Objects.requireNonNull(type, "type");
        this.payload = payload;
        this.delay = delay;
    }

    /** An event such as {@code contentBlockDelta} with a JSON payload (Map, JsonNode or POJO). */
    public static StreamEvent event(String eventType, Object jsonPayload) {
        return new StreamEvent(false, eventType, jsonPayload, Duration.ZERO);
    }

    /** A modeled exception such as {@code throttlingException} with a message. */
    public static StreamEvent exception(String exceptionType, String message) {
        return new StreamEvent(true, exceptionType, java.util.Map.of("message", message), Duration.ZERO);
    }

    /** The same message, sent after waiting {@code d}. */
    public StreamEvent after(Duration d) {
        return new StreamEvent(exception, type, payload, Objects.requireNonNull(d));
    }

    public boolean isException() {
        return exception;
    }

    public String type() {
        return type;
    }

    public Object payload() {
        return payload;
    }

    public Duration delay() {
        return delay;
    }
}
