package dev.trae.aws.bedrock;

import java.util.Objects;

import dev.trae.aws.core.TraeClientException;

/**
 * Waiting for a model customization job failed for a reason other than {@code cancel()} (the status could not be
 * read: network, permissions, throttling beyond the retries). The job itself was <em>not</em> stopped and keeps
 * running, and being billed, on AWS. Continue waiting with {@link ModelCustomization#resume(String,
 * dev.trae.aws.bedrock.model.CustomizationRequest)} and {@link #jobId()} (nothing is uploaded or created again), or
 * stop it by hand with {@code StopModelCustomizationJob} and {@link #jobArn()}.
 */
public final class CustomizationPollingException extends TraeClientException {
    private static final long serialVersionUID = 1L;
    private final String jobId;
    private final String jobArn;

    CustomizationPollingException(String jobName, String jobId, String jobArn, Throwable cause) {
        super("polling model customization job " + jobName + " (" + jobArn + ") failed: " + cause.getMessage()
                + ". The job keeps running on AWS: call ModelCustomization.resume(\"" + jobId + "\", request) to wait for it "
                + "again, or stop it with StopModelCustomizationJob", cause, false);
        this.jobId = Objects.requireNonNull(jobId);
        this.jobArn = Objects.requireNonNull(jobArn);
    }

    /** The id of the Trae job to pass to {@code resume}. */
    public String jobId() {
        return jobId;
    }

    /** The ARN of the AWS model customization job, still running. */
    public String jobArn() {
        return jobArn;
    }
}
