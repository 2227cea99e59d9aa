package dev.trae.aws.training.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished training job produced. Immutable.
 *
 * @param jobName            the SageMaker training job name
 * @param jobArn             its ARN
 * @param status             {@code Completed}, or {@code Stopped} when it was stopped
 * @param modelArtifacts     the S3 URI of {@code model.tar.gz}, when the job completed
 * @param billableSeconds    billable wall-clock seconds as SageMaker reports them (per instance)
 * @param trainingSeconds    training wall-clock seconds
 * @param instanceCount      instances the job ran on
 * @param hourlyUsd          the price used for the actual cost, if known
 * @param finalMetrics       the last value of each metric
 * @param transitions        the secondary status transitions
 */
public record TrainingResult(String jobName, String jobArn, String status, Optional<String> modelArtifacts, long billableSeconds,
                             long trainingSeconds, int instanceCount, Optional<Double> hourlyUsd, Map<String, Double> finalMetrics,
                             List<StatusTransition> transitions) {

    public TrainingResult {
        finalMetrics = Map.copyOf(finalMetrics);
        transitions = List.copyOf(transitions);
    }

    /** Billable seconds times instances times the hourly price. */
    public Optional<Double> actualCostUsd() {
        return hourlyUsd.map(p -> p * billableSeconds * instanceCount / 3600.0);
    }

    @Override
    public String toString() {
        return "TrainingResult[" + jobName + " " + status + ", artifacts=" + modelArtifacts.orElse("none") + ", billable="
                + billableSeconds + "s x " + instanceCount + actualCostUsd().map(c -> String.format(Locale.ROOT, " = $%.2f", c)).orElse("")
                + ", metrics=" + finalMetrics + "]";
    }
}
