package dev.trae.aws.bedrock.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;

/**
 * A fine-tuning job: names, base model, service role, the training JSONL, where to upload it and where the
 * output goes, hyper-parameters, and the KMS key (else the config's KMS provider key). Immutable; built with
 * {@link #builder()}, changed copies with {@link #toBuilder()}.
 *
 * <pre>{@code
 * CustomizationRequest request = CustomizationRequest.builder()
 *         .jobName("pump-docs-1").customModelName("pump-docs-model")
 *         .baseModelId("amazon.nova-lite-v1:0:300k")
 *         .roleArn("arn:aws:iam::123456789012:role/BedrockFineTune")
 *         .trainingJsonl(jsonl).bucket("my-training-bucket").prefix("customization/pumps")
 *         .hyperParameter("epochCount", "2")
 *         .build();
 * CustomizationRequest again = request.toBuilder().jobName("pump-docs-2").build();
 * }</pre>
 *
 * <p>Required: {@code jobName}, {@code customModelName}, {@code baseModelId}, {@code roleArn},
 * {@code trainingJsonl}, {@code bucket} ({@link Builder#build()} refuses a request without them). Defaults: no prefix, no hyper-parameters, the config's KMS key, a poll
 * every 60 seconds. The values are checked by {@code ModelCustomization.start} before anything is uploaded.
 */
public final class CustomizationRequest {
    /** The poll interval when none is set. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

    private final String jobName;
    private final String customModelName;
    private final String baseModelId;
    private final String roleArn;
    private final String trainingJsonl;
    private final String bucket;
    private final String prefix;
    private final Map<String, String> hyperParameters;
    private final String kmsKeyId;
    private final Duration pollInterval;

    private CustomizationRequest(Builder b) {
        this.jobName = b.jobName;
        this.customModelName = b.customModelName;
        this.baseModelId = b.baseModelId;
        this.roleArn = b.roleArn;
        this.trainingJsonl = b.trainingJsonl;
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.hyperParameters = Map.copyOf(b.hyperParameters);
        this.kmsKeyId = b.kmsKeyId;
        this.pollInterval = b.pollInterval;
    }

    /** A new builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values, to make a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jobName = jobName;
        b.customModelName = customModelName;
        b.baseModelId = baseModelId;
        b.roleArn = roleArn;
        b.trainingJsonl = trainingJsonl;
        b.bucket = bucket;
        b.prefix = prefix;
        b.hyperParameters.putAll(hyperParameters);
        b.kmsKeyId = kmsKeyId;
        b.pollInterval = pollInterval;
        return b;
    }

    /** The job name ({@code [a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*}, at most 63 characters). */
    public String jobName() {
        return jobName;
    }

    /** The name of the resulting custom model. */
    public String customModelName() {
        return customModelName;
    }

    /** The base model, for Nova its context-length variant such as {@code amazon.nova-lite-v1:0:300k}. */
    public String baseModelId() {
        return baseModelId;
    }

    /** The IAM role Bedrock assumes to read and write S3. */
    public String roleArn() {
        return roleArn;
    }

    /** The training data (Bedrock conversation JSONL). */
    public String trainingJsonl() {
        return trainingJsonl;
    }

    /** The S3 bucket for data and output. */
    public String bucket() {
        return bucket;
    }

    /** The key prefix, e.g. {@code customization/pump-docs}; empty for the bucket root. */
    public String prefix() {
        return prefix;
    }

    /** Hyper-parameters such as {@code epochCount} and {@code learningRate}. */
    public Map<String, String> hyperParameters() {
        return hyperParameters;
    }

    /** The KMS key for the upload and the model; empty to use the config's provider key. */
    public String kmsKeyId() {
        return kmsKeyId;
    }

    /** How often the job is polled. */
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CustomizationRequest)) {
            return false;
        }
        CustomizationRequest r = (CustomizationRequest) o;
        return jobName.equals(r.jobName) && customModelName.equals(r.customModelName) && baseModelId.equals(r.baseModelId)
                && roleArn.equals(r.roleArn) && trainingJsonl.equals(r.trainingJsonl) && bucket.equals(r.bucket)
                && prefix.equals(r.prefix) && hyperParameters.equals(r.hyperParameters) && kmsKeyId.equals(r.kmsKeyId)
                && pollInterval.equals(r.pollInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobName, customModelName, baseModelId, roleArn, trainingJsonl, bucket, prefix, hyperParameters,
                kmsKeyId, pollInterval);
    }

    /** Names and sizes only: the training data itself is not printed. */
    @Override
    public String toString() {
        return "CustomizationRequest[job=" + jobName + ", model=" + customModelName + ", base=" + baseModelId + ", bucket=" + bucket
                + ", prefix=" + prefix + ", trainingChars=" + trainingJsonl.length() + ", hyperParameters=" + hyperParameters.keySet() + "]";
    }

    /** Builder for {@link CustomizationRequest}; not thread-safe, each setter returns this builder. */
    public static final class Builder {
        private String jobName;
        private String customModelName;
        private String baseModelId;
        private String roleArn;
        private String trainingJsonl;
        private String bucket;
        private String prefix = "";
        private final Map<String, String> hyperParameters = new LinkedHashMap<>();
        private String kmsKeyId = "";
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        /** The job name (required). */
        public Builder jobName(String name) {
            this.jobName = name;
            return this;
        }

        /** The name of the resulting custom model (required). */
        public Builder customModelName(String name) {
            this.customModelName = name;
            return this;
        }

        /** The base model id (required). */
        public Builder baseModelId(String id) {
            this.baseModelId = id;
            return this;
        }

        /** The IAM role Bedrock assumes (required). */
        public Builder roleArn(String arn) {
            this.roleArn = arn;
            return this;
        }

        /** The training data, Bedrock conversation JSONL (required). */
        public Builder trainingJsonl(String jsonl) {
            this.trainingJsonl = jsonl;
            return this;
        }

        /** The S3 bucket for data and output (required). */
        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** The key prefix; {@code null} or empty for the bucket root. */
        public Builder prefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
            return this;
        }

        /** Adds or replaces one hyper-parameter. */
        public Builder hyperParameter(String name, String value) {
            hyperParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces all hyper-parameters; {@code null} clears them. */
        public Builder hyperParameters(Map<String, String> parameters) {
            hyperParameters.clear();
            if (parameters != null) {
                parameters.forEach(this::hyperParameter);
            }
            return this;
        }

        /** The KMS key id, alias or ARN; {@code null} or empty to use the config's KMS provider key. */
        public Builder kmsKeyId(String keyId) {
            this.kmsKeyId = keyId == null ? "" : keyId;
            return this;
        }

        /** How often the job is polled; {@code null} for the default (60 s). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval == null ? DEFAULT_POLL_INTERVAL : interval;
            return this;
        }

        /**
         * The request.
         *
         * @throws TraeValidationException naming the first required value that is missing or blank
         */
        public CustomizationRequest build() {
            required("jobName", jobName);
            required("customModelName", customModelName);
            required("baseModelId", baseModelId);
            required("roleArn", roleArn);
            required("trainingJsonl", trainingJsonl);
            required("bucket", bucket);
            return new CustomizationRequest(this);
        }

        private static void required(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new TraeValidationException(name, "is required");
            }
        }
    }
}
