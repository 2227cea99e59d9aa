package dev.trae.aws.bedrock.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fine-tuning job: names, base model, service role, the training JSONL, where to upload it and where the
 * output goes, hyper-parameters, and the KMS key (else the config's KMS provider key). Immutable.
 *
 * @param jobName         job name ({@code [a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*}, at most 63)
 * @param customModelName name of the resulting model
 * @param baseModelId     the base model, e.g. {@code amazon.nova-lite-v1:0}
 * @param roleArn         the IAM role Bedrock assumes to read and write S3
 * @param trainingJsonl   the training data (Bedrock conversation JSONL)
 * @param bucket          the S3 bucket for data and output
 * @param prefix          the key prefix, e.g. {@code customization/pump-docs}
 * @param hyperParameters e.g. {@code epochCount}, {@code learningRate}
 * @param kmsKeyId        KMS key for the upload and the model; empty to use the config's provider key
 * @param pollInterval    how often to poll the job
 */
public record CustomizationRequest(String jobName, String customModelName, String baseModelId, String roleArn,
                                   String trainingJsonl, String bucket, String prefix, Map<String, String> hyperParameters,
                                   String kmsKeyId, Duration pollInterval) {
    public CustomizationRequest {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(customModelName, "customModelName");
        Objects.requireNonNull(baseModelId, "baseModelId");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(trainingJsonl, "trainingJsonl");
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        hyperParameters = Map.copyOf(new LinkedHashMap<>(hyperParameters == null ? Map.of() : hyperParameters));
        kmsKeyId = kmsKeyId == null ? "" : kmsKeyId;
        pollInterval = pollInterval == null ? Duration.ofSeconds(60) : pollInterval;
    }

    @Override
    public String toString() {
        return "CustomizationRequest[job=" + jobName + ", model=" + customModelName + ", base=" + baseModelId + ", bucket=" + bucket
                + ", prefix=" + prefix + ", trainingChars=" + trainingJsonl.length() + ", hyperParameters=" + hyperParameters.keySet() + "]";
    }
}
