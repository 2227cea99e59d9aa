package dev.trae.aws.robotics;

import java.util.Objects;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.robotics.model.SimulationResult;

/**
 * The simulation ran and AWS Batch reported it FAILED (a container exited non-zero, the time limit was hit,
 * or it was cancelled or terminated). {@link #result()} has the status history, exit codes per container and
 * the logs, so the failure can be analysed.
 */
public final class SimulationFailedException extends TraeException {
    private static final long serialVersionUID = 1L;
    private final transient SimulationResult result;

    public SimulationFailedException(SimulationResult result) {
        super("simulation " + result.name() + " (Batch job " + result.batchJobId() + ") failed: "
                + (result.statusReason().isEmpty() ? "no reason given" : result.statusReason())
                + "; exit codes " + result.exitCodes() + ". Check the container logs in result().");
        this.result = Objects.requireNonNull(result);
    }

    public SimulationResult result() {
        return result;
    }
}
