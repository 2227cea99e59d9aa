package dev.trae.aws.training;

import java.util.Optional;

import dev.trae.aws.core.TraeException;

/**
 * A SageMaker training job ended in {@code Failed}. Carries the job name and SageMaker's failure
 * reason (for example {@code AlgorithmError: ...}); look at the job's CloudWatch logs for details.
 */
public class TrainingJobFailedException extends TraeException {
    private static final long serialVersionUID = 1L;
    private final String jobName;
    private final String failureReason;
    private final long billableSeconds;

    public TrainingJobFailedException(String jobName, String failureReason, long billableSeconds) {
        super("training job " + jobName + " failed: " + failureReason + " - check the job's CloudWatch logs in "
                + "/aws/sagemaker/TrainingJobs, fix the cause, and start a new job");
        this.jobName = jobName;
        this.failureReason = failureReason;
        this.billableSeconds = billableSeconds;
    }

    public String jobName() {
        return jobName;
    }

    public String failureReason() {
        return failureReason;
    }

    /** Billable seconds SageMaker reported for the failed job, if any. */
    public Optional<Long> billableSeconds() {
        return billableSeconds > 0 ? Optional.of(billableSeconds) : Optional.empty();
    }
}
