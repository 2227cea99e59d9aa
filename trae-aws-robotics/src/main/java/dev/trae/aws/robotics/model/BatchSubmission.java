package dev.trae.aws.robotics.model;

import java.util.Objects;

import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * The AWS Batch calls that run a simulation: the job definition to register (or reuse, matched by
 * {@link #specHash()} in the {@code trae-spec-sha256} tag) and the job submission. The submission names the
 * definition by name; {@code SimulationClient} pins it to the resolved revision ARN when it submits.
 *
 * @param jobDefinition the RegisterJobDefinition request (multi-container {@code ecsProperties})
 * @param submitJob     the SubmitJob request (per-run environment in {@code ecsPropertiesOverride})
 * @param specHash      SHA-256 (hex) of the definition's contents
 */
public record BatchSubmission(RegisterJobDefinitionRequest jobDefinition, SubmitJobRequest submitJob, String specHash) {
    public BatchSubmission {
        Objects.requireNonNull(jobDefinition, "jobDefinition");
        Objects.requireNonNull(submitJob, "submitJob");
        Objects.requireNonNull(specHash, "specHash");
    }

    /** Names only: environment values (which may be sensitive) are left out. */
    @Override
    public String toString() {
        return "BatchSubmission[definition=" + jobDefinition.jobDefinitionName() + " job=" + submitJob.jobName()
                + " queue=" + submitJob.jobQueue() + " array=" + (submitJob.arrayProperties() == null ? 1 : submitJob.arrayProperties().size())
                + " specHash=" + specHash + "]";
    }
}
