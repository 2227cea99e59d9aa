package dev.trae.aws.robotics.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One observed status of a simulation job and when the client first saw it.
 *
 * @param status     the Batch status
 * @param observedAt when a poll first returned it
 */
public record StatusChange(SimulationStatus status, Instant observedAt) {
    public StatusChange {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(observedAt, "observedAt");
    }
}
