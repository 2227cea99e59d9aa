package dev.trae.aws.core.job;

/** Lifecycle of a {@link TraeJob}. */
public enum JobStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** Whether the job can no longer change. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
