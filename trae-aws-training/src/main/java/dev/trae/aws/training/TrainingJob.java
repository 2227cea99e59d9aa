package dev.trae.aws.training;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.internal.S3Paths;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.NeuronSettings;

/**
 * What to train: a builder on SageMaker {@code CreateTrainingJob}. The algorithm is an explicit ECR
 * image or a JumpStart model id (resolved through {@code DescribeHubContent} on
 * {@code SageMakerPublicHub}). Everything that can be checked without a network call is checked by
 * {@link Builder#build()}, which throws {@link TraeValidationException}. Immutable.
 *
 * <pre>{@code
 * TrainingJob job = TrainingJob.builder()
 *         .jumpStartModel("meta-textgenerationneuron-llama-2-7b")
 *         .instanceType("ml.trn1.2xlarge")
 *         .roleArn("arn:aws:iam::123456789012:role/SageMakerTraining")
 *         .channel(InputChannel.local("train", Path.of("data/train.jsonl")))
 *         .uploadPrefix("s3://my-bucket/uploads/")
 *         .outputPath("s3://my-bucket/models/")
 *         .hyperparameter("max_steps", "200")
 *         .maxRuntime(Duration.ofHours(2))
 *         .build();
 * }</pre>
 */
public final class TrainingJob {
    static final String ROLE_ARN = "arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}";
    static final String ECR_IMAGE = "\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9][a-z0-9._/-]{0,254}"
            + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?";
    static final String JOB_NAME = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
    static final String JUMPSTART_ID = "[a-z0-9][a-z0-9-]{0,127}";

    private final Optional<String> jobName;
    private final Optional<String> trainingImage;
    private final Optional<String> jumpStartModelId;
    private final Optional<String> jumpStartVersion;
    private final String instanceType;
    private final int instanceCount;
    private final String roleArn;
    private final Map<String, String> hyperparameters;
    private final Map<String, String> environment;
    private final List<InputChannel> channels;
    private final Optional<S3Location> uploadPrefix;
    private final S3Location outputPath;
    private final List<String> subnets;
    private final List<String> securityGroupIds;
    private final boolean managedSpot;
    private final Optional<Duration> maxWait;
    private final Optional<S3Location> checkpointUri;
    private final Duration maxRuntime;
    private final int volumeSizeGb;
    private final Optional<NeuronSettings> neuron;
    private final boolean overrideBudget;
    private final Consumer<String> logListener;
    private final Map<String, String> metricDefinitions;
    private final boolean acceptEula;

    private TrainingJob(Builder b) {
        this.metricDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(b.metricDefinitions));
        this.acceptEula = b.acceptEula;
        this.jobName = Optional.ofNullable(b.jobName);
        this.trainingImage = Optional.ofNullable(b.trainingImage);
        this.jumpStartModelId = Optional.ofNullable(b.jumpStartModelId);
        this.jumpStartVersion = Optional.ofNullable(b.jumpStartVersion);
        this.instanceType = b.instanceType;
        this.instanceCount = b.instanceCount;
        this.roleArn = b.roleArn;
        this.hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.hyperparameters));
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.channels = List.copyOf(b.channels);
        this.uploadPrefix = Optional.ofNullable(b.uploadPrefix).map(u -> S3Paths.parse("uploadPrefix", u).asPrefix());
        this.outputPath = S3Paths.parse("outputPath", b.outputPath);
        this.subnets = List.copyOf(b.subnets);
        this.securityGroupIds = List.copyOf(b.securityGroupIds);
        this.managedSpot = b.managedSpot;
        this.maxWait = Optional.ofNullable(b.maxWait);
        this.checkpointUri = Optional.ofNullable(b.checkpointUri).map(u -> S3Paths.parse("checkpointUri", u));
        this.maxRuntime = b.maxRuntime;
        this.volumeSizeGb = b.volumeSizeGb;
        this.neuron = Optional.ofNullable(b.neuron);
        this.overrideBudget = b.overrideBudget;
        this.logListener = b.logListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every setting of this job; building it again validates again. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jobName = jobName.orElse(null);
        b.trainingImage = trainingImage.orElse(null);
        b.jumpStartModelId = jumpStartModelId.orElse(null);
        b.jumpStartVersion = jumpStartVersion.orElse(null);
        b.instanceType = instanceType;
        b.instanceCount = instanceCount;
        b.roleArn = roleArn;
        b.hyperparameters.putAll(hyperparameters);
        b.environment.putAll(environment);
        b.channels.addAll(channels);
        b.uploadPrefix = uploadPrefix.map(S3Location::toString).orElse(null);
        b.outputPath = outputPath.toString();
        b.subnets.addAll(subnets);
        b.securityGroupIds.addAll(securityGroupIds);
        b.managedSpot = managedSpot;
        b.maxWait = maxWait.orElse(null);
        b.checkpointUri = checkpointUri.map(S3Location::toString).orElse(null);
        b.maxRuntime = maxRuntime;
        b.volumeSizeGb = volumeSizeGb;
        b.neuron = neuron.orElse(null);
        b.overrideBudget = overrideBudget;
        b.logListener = logListener;
        b.metricDefinitions.putAll(metricDefinitions);
        b.acceptEula = acceptEula;
        return b;
    }

    /**
     * Metric definitions (name to regular expression over the training log, the value in the first group) that
     * SageMaker uses to extract metrics from a custom container's logs; added to (and overriding by name) those of
     * a JumpStart model's training spec. https://docs.aws.amazon.com/sagemaker/latest/dg/training-metrics.html
     */
    public Map<String, String> metricDefinitions() {
        return metricDefinitions;
    }

    /** Whether the caller accepted the end-user license agreement of a gated JumpStart model. */
    public boolean acceptEula() {
        return acceptEula;
    }

    /** The job name; generated by the client when empty. */
    public Optional<String> jobName() {
        return jobName;
    }

    public Optional<String> trainingImage() {
        return trainingImage;
    }

    public Optional<String> jumpStartModelId() {
        return jumpStartModelId;
    }

    public Optional<String> jumpStartVersion() {
        return jumpStartVersion;
    }

    public String instanceType() {
        return instanceType;
    }

    public int instanceCount() {
        return instanceCount;
    }

    public String roleArn() {
        return roleArn;
    }

    public Map<String, String> hyperparameters() {
        return hyperparameters;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public List<InputChannel> channels() {
        return channels;
    }

    public Optional<S3Location> uploadPrefix() {
        return uploadPrefix;
    }

    public S3Location outputPath() {
        return outputPath;
    }

    public List<String> subnets() {
        return subnets;
    }

    public List<String> securityGroupIds() {
        return securityGroupIds;
    }

    public boolean managedSpot() {
        return managedSpot;
    }

    public Optional<Duration> maxWait() {
        return maxWait;
    }

    public Optional<S3Location> checkpointUri() {
        return checkpointUri;
    }

    public Duration maxRuntime() {
        return maxRuntime;
    }

    public int volumeSizeGb() {
        return volumeSizeGb;
    }

    /** Neuron settings; on Trainium types {@link NeuronSettings#defaults()} apply when not set. */
    public Optional<NeuronSettings> neuron() {
        return neuron;
    }

    /** Whether the launch may exceed the configured budget (an explicit, audited decision). */
    public boolean overrideBudget() {
        return overrideBudget;
    }

    /** Receives training log lines from CloudWatch Logs; a no-op by default. */
    public Consumer<String> logListener() {
        return logListener;
    }

    public boolean isTrainium() {
        return InstanceTypes.isTrainium(instanceType);
    }

    @Override
    public String toString() {
        return "TrainingJob[" + jobName.orElse("<generated>") + ", " + trainingImage.map(i -> "image " + i)
                .orElseGet(() -> "jumpstart " + jumpStartModelId.orElse("?")) + ", " + instanceCount + " x " + instanceType
                + ", channels=" + channels.stream().map(InputChannel::name).toList() + ", output=" + outputPath
                + (managedSpot ? ", spot" : "") + ", maxRuntime=" + maxRuntime + "]";
    }

    /** Builder for {@link TrainingJob}; {@link #build()} validates. */
    public static final class Builder {
        private String jobName;
        private String trainingImage;
        private String jumpStartModelId;
        private String jumpStartVersion;
        private String instanceType;
        private int instanceCount = 1;
        private String roleArn;
        private final Map<String, String> hyperparameters = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<InputChannel> channels = new ArrayList<>();
        private String uploadPrefix;
        private String outputPath;
        private final List<String> subnets = new ArrayList<>();
        private final List<String> securityGroupIds = new ArrayList<>();
        private boolean managedSpot;
        private Duration maxWait;
        private String checkpointUri;
        private Duration maxRuntime = Duration.ofHours(24);
        private int volumeSizeGb = 50;
        private NeuronSettings neuron;
        private boolean overrideBudget;
        private Consumer<String> logListener = line -> { };
        private final Map<String, String> metricDefinitions = new LinkedHashMap<>();
        private boolean acceptEula;

        private Builder() {
        }

        public Builder jobName(String name) {
            this.jobName = name;
            return this;
        }

        /** An explicit training image in ECR. */
        public Builder trainingImage(String ecrImageUri) {
            this.trainingImage = ecrImageUri;
            return this;
        }

        /** A JumpStart model id; image, artifacts and script come from the public hub. */
        public Builder jumpStartModel(String modelId) {
            this.jumpStartModelId = modelId;
            return this;
        }

        public Builder jumpStartModel(String modelId, String version) {
            this.jumpStartModelId = modelId;
            this.jumpStartVersion = version;
            return this;
        }

        public Builder instanceType(String type) {
            this.instanceType = type;
            return this;
        }

        /** Instances for distributed training (default 1). */
        public Builder instanceCount(int n) {
            this.instanceCount = n;
            return this;
        }

        /** The IAM role SageMaker assumes (required). */
        public Builder roleArn(String arn) {
            this.roleArn = arn;
            return this;
        }

        public Builder hyperparameter(String name, String value) {
            hyperparameters.put(name, value);
            return this;
        }

        public Builder hyperparameters(Map<String, String> values) {
            hyperparameters.putAll(values);
            return this;
        }

        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /**
         * A metric SageMaker extracts from the training log: {@code regex} is applied to each log line and its first
         * group is the value, such as {@code metricDefinition("train:loss", "train:loss=([0-9.]+)")}. At most 40;
         * names 1-255 characters, expressions 1-500 (the MetricDefinition limits of the SageMaker API).
         */
        public Builder metricDefinition(String name, String regex) {
            metricDefinitions.put(name, regex);
            return this;
        }

        /**
         * Accepts the end-user license agreement of a gated JumpStart model (sent as {@code ModelAccessConfig.AcceptEula}).
         * Review the model's license first: training a gated model without it is refused before any call that creates anything.
         */
        public Builder acceptEula(boolean accepted) {
            this.acceptEula = accepted;
            return this;
        }

        public Builder channel(InputChannel channel) {
            channels.add(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /** Where local channels are uploaded (required when a channel is local). */
        public Builder uploadPrefix(String s3Uri) {
            this.uploadPrefix = s3Uri;
            return this;
        }

        /** Where SageMaker writes the model artifacts (required). */
        public Builder outputPath(String s3Uri) {
            this.outputPath = s3Uri;
            return this;
        }

        /** Runs the job inside a VPC. */
        public Builder vpc(List<String> subnetIds, List<String> securityGroups) {
            subnets.clear();
            subnets.addAll(subnetIds);
            securityGroupIds.clear();
            securityGroupIds.addAll(securityGroups);
            return this;
        }

        /**
         * Managed spot training: waits up to {@code maxWait} (at least the maximum runtime) for spot
         * capacity, and checkpoints to {@code checkpointS3Uri} so that interrupted work resumes.
         */
        public Builder managedSpot(Duration maxWaitTime, String checkpointS3Uri) {
            this.managedSpot = true;
            this.maxWait = maxWaitTime;
            this.checkpointUri = checkpointS3Uri;
            return this;
        }

        /** The stopping condition; also the runtime the cost estimate assumes (default 24 hours). */
        public Builder maxRuntime(Duration d) {
            this.maxRuntime = d;
            return this;
        }

        public Builder volumeSizeGb(int gb) {
            this.volumeSizeGb = gb;
            return this;
        }

        /** Neuron settings (Trainium only). */
        public Builder neuron(NeuronSettings settings) {
            this.neuron = settings;
            return this;
        }

        /** Launches even when the cost estimate is over the configured budget. */
        public Builder overrideBudget(boolean override) {
            this.overrideBudget = override;
            return this;
        }

        public Builder logListener(Consumer<String> listener) {
            this.logListener = Objects.requireNonNull(listener, "logListener");
            return this;
        }

        /** Validates everything that needs no network call and builds the job. */
        public TrainingJob build() {
            if (jobName != null && !jobName.matches(JOB_NAME)) {
                throw new TraeValidationException("jobName", "must be 1-63 letters, digits or '-', starting and ending with a letter or digit, was '"
                        + InstanceTypes.safe(jobName) + "'");
            }
            if ((trainingImage == null) == (jumpStartModelId == null)) {
                throw new TraeValidationException("algorithm", "set exactly one of trainingImage (an ECR image) or jumpStartModel (a model id)");
            }
            if (trainingImage != null && !trainingImage.matches(ECR_IMAGE)) {
                throw new TraeValidationException("trainingImage", "must be an ECR image URI such as "
                        + "<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>, was '" + InstanceTypes.safe(trainingImage) + "'");
            }
            if (jumpStartModelId != null && !jumpStartModelId.matches(JUMPSTART_ID)) {
                throw new TraeValidationException("jumpStartModel", "must be a JumpStart model id such as meta-textgenerationneuron-llama-2-7b, was '"
                        + InstanceTypes.safe(jumpStartModelId) + "'");
            }
            if (jumpStartVersion != null && !jumpStartVersion.matches("\\d{1,4}(\\.\\d{1,4}){0,2}|\\*")) {
                throw new TraeValidationException("jumpStartVersion", "must be a version such as 2.0.0, was '" + InstanceTypes.safe(jumpStartVersion) + "'");
            }
            InstanceTypes.requireSageMakerTraining(instanceType);
            if (instanceCount < 1 || instanceCount > 256) {
                throw new TraeValidationException("instanceCount", "must be between 1 and 256, was " + instanceCount);
            }
            if (roleArn == null || roleArn.isBlank()) {
                throw new TraeValidationException("roleArn", "an IAM role ARN for SageMaker is required, such as arn:aws:iam::123456789012:role/SageMakerTraining");
            }
            if (!roleArn.matches(ROLE_ARN)) {
                throw new TraeValidationException("roleArn", "must be an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerTraining, was '"
                        + InstanceTypes.safe(roleArn) + "'");
            }
            if (outputPath == null) {
                throw new TraeValidationException("outputPath", "an s3:// output path for the model artifacts is required");
            }
            if (hyperparameters.size() > 100) {
                throw new TraeValidationException("hyperparameters", "at most 100 hyperparameters, got " + hyperparameters.size());
            }
            hyperparameters.forEach((k, v) -> {
                if (k == null || k.isEmpty() || k.length() > 256 || v == null || v.length() > 2500) {
                    throw new TraeValidationException("hyperparameters", "names must be 1-256 characters and values at most 2500 (" + InstanceTypes.safe(k) + ")");
                }
            });
            environment.forEach((k, v) -> {
                if (k == null || !k.matches("[a-zA-Z_][a-zA-Z0-9_]{0,511}") || v == null || v.length() > 512) {
                    throw new TraeValidationException("environment", "names must match [a-zA-Z_][a-zA-Z0-9_]* and values be at most 512 characters ("
                            + InstanceTypes.safe(k) + ")");
                }
            });
            if (channels.isEmpty() && jumpStartModelId == null) {
                throw new TraeValidationException("channels", "at least one input channel is required");
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (InputChannel c : channels) {
                if (!names.add(c.name())) {
                    throw new TraeValidationException("channels", "duplicate channel name " + c.name());
                }
                c.s3Uri().ifPresent(u -> S3Paths.parse("channel " + c.name(), u));
                if (c.localPath().isPresent()) {
                    if (uploadPrefix == null) {
                        throw new TraeValidationException("uploadPrefix", "channel " + c.name() + " is local: set an s3:// uploadPrefix to upload it to");
                    }
                    if (!Files.exists(c.localPath().get())) {
                        throw new TraeValidationException("channel", "local data for channel " + c.name() + " does not exist: " + c.localPath().get());
                    }
                }
            }
            subnets.forEach(s -> {
                if (s == null || !s.matches("subnet-[0-9a-f]{8,17}")) {
                    throw new TraeValidationException("subnets", "must be subnet ids such as subnet-0abc1234, was " + InstanceTypes.safe(s));
                }
            });
            securityGroupIds.forEach(s -> {
                if (s == null || !s.matches("sg-[0-9a-f]{8,17}")) {
                    throw new TraeValidationException("securityGroupIds", "must be security group ids such as sg-0abc1234, was " + InstanceTypes.safe(s));
                }
            });
            if (subnets.isEmpty() != securityGroupIds.isEmpty()) {
                throw new TraeValidationException("vpc", "a VPC config needs both subnets and security groups");
            }
            if (maxRuntime == null || maxRuntime.isNegative() || maxRuntime.toSeconds() < 1 || maxRuntime.toDays() > 28) {
                throw new TraeValidationException("maxRuntime", "must be between 1 second and 28 days, was " + maxRuntime);
            }
            if (managedSpot) {
                if (maxWait == null || maxWait.compareTo(maxRuntime) < 0) {
                    throw new TraeValidationException("maxWait", "managed spot training needs a maxWait of at least maxRuntime (" + maxRuntime + ")");
                }
                if (checkpointUri == null) {
                    throw new TraeValidationException("checkpointUri", "managed spot training needs an s3:// checkpoint location so interrupted work resumes");
                }
            }
            if (volumeSizeGb < 1 || volumeSizeGb > 16384) {
                throw new TraeValidationException("volumeSizeGb", "must be between 1 and 16384, was " + volumeSizeGb);
            }
            if (neuron != null && !InstanceTypes.isTrainium(instanceType)) {
                throw new TraeValidationException("neuron", "Neuron settings apply only to Trainium instance types, not " + instanceType);
            }
            if (metricDefinitions.size() > 40) {
                throw new TraeValidationException("metricDefinitions", "at most 40 metric definitions, was " + metricDefinitions.size());
            }
            metricDefinitions.forEach((n, r) -> {
                if (n == null || n.isEmpty() || n.length() > 255 || r == null || r.isEmpty() || r.length() > 500) {
                    throw new TraeValidationException("metricDefinitions", "a metric needs a name of 1-255 characters and a regex of 1-500, was '"
                            + InstanceTypes.safe(n) + "'");
                }
                try {
                    if (java.util.regex.Pattern.compile(r).matcher("").groupCount() < 1) {
                        throw new TraeValidationException("metricDefinitions", "the regex of metric '" + n + "' needs a group that captures the value");
                    }
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new TraeValidationException("metricDefinitions", "the regex of metric '" + n + "' is not valid: " + e.getDescription());
                }
            });
            return new TrainingJob(this);
        }
    }
}
