package dev.trae.aws.robotics.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One log line of a simulation container, as found by a log search.
 *
 * @param container the container that wrote it
 * @param timestamp when it was logged
 * @param message   the line
 */
public record LogEvent(String container, Instant timestamp, String message) {
    public LogEvent {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(timestamp, "timestamp");
        message = message == null ? "" : message;
    }
}
