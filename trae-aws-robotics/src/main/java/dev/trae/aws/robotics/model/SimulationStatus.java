package dev.trae.aws.robotics.model;

import java.util.Locale;

/** The AWS Batch status of a simulation job, in the order a job moves through them. */
public enum SimulationStatus {
    SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED;

    /** Whether the job can no longer change. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** Parses a Batch status string; unknown values are refused. */
    public static SimulationStatus parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown AWS Batch job status: " + s, e);
        }
    }
}
