package dev.trae.aws.bedrock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.model.CustomModel;
import dev.trae.aws.bedrock.model.CustomizationRequest;
import dev.trae.aws.bedrock.model.TrainingDataReport;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.JobWork;
import dev.trae.aws.core.job.TraeJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.CustomizationType;
import software.amazon.awssdk.services.bedrock.model.GetModelCustomizationJobResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Model customization (fine-tuning) on Bedrock: checks the training JSONL (per-line errors, at least
 * {@value TrainingData#MIN_EXAMPLES} examples), uploads it to S3 with SSE-KMS, and runs
 * {@code CreateModelCustomizationJob} as a {@link TraeJob} with progress (validation, data processing,
 * training) until the custom model exists. Jobs checkpoint the upload and the job ARN, so
 * {@link #resume} continues a job after a crash without uploading or creating it twice.
 * The Trae job id is sent as {@code CreateModelCustomizationJob}'s {@code clientRequestToken}: Bedrock ignores a
 * repeated request with the same token and answers without error, so a create whose answer was lost is retried
 * (by the resilience policy, or by {@code resume}) without starting a second AWS job.
 * {@link TraeJob#cancel()} stops the AWS job too ({@code StopModelCustomizationJob}; a stopped job cannot be
 * resumed, AWS keeps no partial model). Every AWS call goes through core's {@link ServiceClient} (resilience, error
 * translation, observation). Thread-safe.
 *
 * <pre>{@code
 * try (ModelCustomization mc = ModelCustomization.create(config)) {
 *     TraeJob<CustomModel> job = mc.start(request);
 *     job.onProgress(System.out::println);
 *     CustomModel model = job.await(Duration.ofHours(6));
 * }
 * }</pre>
 */
public final class ModelCustomization implements AutoCloseable {
    private static final String KIND = "bedrock-customization";
    private static final Logger LOG = LoggerFactory.getLogger(ModelCustomization.class);
    /** The wait has no deadline of its own: AWS ends every customization job, and {@code TraeJob.await} takes the caller's timeout. */
    private static final Duration NO_DEADLINE = Duration.ofDays(3650);

    private final TraeConfig config;
    private final ServiceClient<BedrockClient> bedrock;
    private final ServiceClient<S3Client> s3;
    private final JobRunner runner;

    private ModelCustomization(TraeConfig config) {
        this.config = Objects.requireNonNull(config);
        AwsClients clients = AwsClients.of(config);
        this.bedrock = clients.service(Services.BEDROCK, BedrockClient::builder);
        this.s3 = clients.service(Services.S3, S3Client::builder);
        this.runner = JobRunner.create(config.jobStore());
    }

    public static ModelCustomization create(TraeConfig config) {
        return new ModelCustomization(config);
    }

    /** Checks training data (see {@link TrainingData#validate}). */
    public TrainingDataReport validate(String jsonl) {
        return TrainingData.validate(jsonl);
    }

    /** Starts a customization job. Everything is checked before anything is uploaded. */
    public TraeJob<CustomModel> start(CustomizationRequest request) {
        String kms = check(request);
        return runner.submit(KIND, work(request, kms));
    }

    /** Continues a job that did not finish, from its checkpoint. */
    public TraeJob<CustomModel> resume(String jobId, CustomizationRequest request) {
        String kms = check(request);
        return runner.resume(jobId, work(request, kms));
    }

    private String check(CustomizationRequest r) {
        if (!r.jobName().matches("[a-zA-Z0-9](-*[a-zA-Z0-9+\\-.])*") || r.jobName().length() > 63) {
            throw new TraeValidationException("jobName", "must be 1 to 63 letters, digits, '-', '+' or '.', starting with a letter or digit");
        }
        if (!r.customModelName().matches("[a-zA-Z0-9](-*[a-zA-Z0-9+\\-.])*") || r.customModelName().length() > 63) {
            throw new TraeValidationException("customModelName", "must be 1 to 63 letters, digits, '-', '+' or '.'");
        }
        RequestValidator.modelId(r.baseModelId());
        KnownModels.customizationBaseFor(r.baseModelId()).ifPresent(id -> {
            throw new TraeValidationException("baseModelId", r.baseModelId() + " is an inference id; Bedrock fine-tunes "
                    + "its context-length variant: use " + id);
        });
        if (!r.roleArn().matches("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/.+")) {
            throw new TraeValidationException("roleArn", "must be an IAM role ARN");
        }
        if (!r.bucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new TraeValidationException("bucket", "is not a valid S3 bucket name");
        }
        if (r.prefix().contains("..") || r.prefix().startsWith("/") || r.prefix().length() > 512) {
            throw new TraeValidationException("prefix", "must be a relative key prefix without '..'");
        }
        if (r.pollInterval().isNegative() || r.pollInterval().isZero()) {
            throw new TraeValidationException("pollInterval", "must be positive");
        }
        TrainingDataReport report = TrainingData.validate(r.trainingJsonl());
        if (!report.valid()) {
            throw new TraeValidationException("trainingJsonl", report.errors().size() + " problem(s): "
                    + report.errors().stream().limit(10).map(Object::toString).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        String kms = !r.kmsKeyId().isEmpty() ? r.kmsKeyId() : config.kmsKeyProvider().map(KmsKeyProvider::keyId).orElse("");
        if (kms.isEmpty()) {
            throw new TraeValidationException("kmsKeyId", "training data is uploaded with SSE-KMS: set kmsKeyId or a KmsKeyProvider in TraeConfig");
        }
        return kms;
    }

    private JobWork<CustomModel> work(CustomizationRequest r, String kms) {
        return ctx -> run(ctx, r, kms);
    }

    private CustomModel run(JobContext ctx, CustomizationRequest r, String kms) {
        var progress = ctx.tracker();
        progress.total(4);
        Map<String, String> cp = new java.util.LinkedHashMap<>(ctx.checkpoint());
        String base = r.prefix().isEmpty() ? "" : (r.prefix().endsWith("/") ? r.prefix() : r.prefix() + "/");
        String key = base + "training/" + r.jobName() + ".jsonl";
        String trainingUri = "s3://" + r.bucket() + "/" + key;
        if (!cp.containsKey("trainingUri")) {
            progress.phase("UPLOADING", "training data to " + trainingUri);
            byte[] data = r.trainingJsonl().getBytes(StandardCharsets.UTF_8);
            // the same bytes to the same key: a repeat after a lost answer leaves the same object
            s3.call("PutObject", Idempotency.IDEMPOTENT, c -> c.putObject(b -> b.bucket(r.bucket()).key(key)
                    .contentType("application/jsonl").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kms),
                    RequestBody.fromBytes(data)));
            cp.put("trainingUri", trainingUri);
            ctx.saveCheckpoint(cp);
        }
        ctx.throwIfCancelled();
        if (!cp.containsKey("jobArn")) {
            progress.phase("CREATING", "model customization job " + r.jobName());
            // clientRequestToken = the Trae job id: a retry after a lost answer (or a resume before the ARN was saved) gets
            // the job the first request created, never a second one (API_CreateModelCustomizationJob: "If this token
            // matches a previous request, Amazon Bedrock ignores the request, but does not return an error")
            String arn = bedrock.call("CreateModelCustomizationJob", Idempotency.IDEMPOTENT, c -> c.createModelCustomizationJob(b -> b
                    .jobName(r.jobName()).customModelName(r.customModelName()).roleArn(r.roleArn())
                    .clientRequestToken(ctx.jobId()).baseModelIdentifier(r.baseModelId())
                    .customizationType(CustomizationType.FINE_TUNING).customModelKmsKeyId(kms)
                    .trainingDataConfig(t -> t.s3Uri(trainingUri))
                    .outputDataConfig(o -> o.s3Uri("s3://" + r.bucket() + "/" + base + "output/"))
                    .hyperParameters(r.hyperParameters()))).jobArn();
            cp.put("jobArn", arn);
            ctx.saveCheckpoint(cp);
        }
        String jobArn = cp.get("jobArn");
        try {
            return poll(ctx, r, jobArn);
        } catch (RuntimeException e) {
            if (!ctx.isCancelled()) {
                // a TraeCancelledException here is a Stopped job, or the Poller's answer to an interrupt without cancel()
                if (!(e instanceof TraeCancelledException) && !isJobOutcome(e)) {
                    throw new CustomizationPollingException(r.jobName(), ctx.jobId(), jobArn, e);
                }
                throw e;
            }
            // cancel() interrupts this thread, possibly inside an HTTP call: whatever that call threw, the outcome is a cancellation
            TraeCancelledException cancelled = new TraeCancelledException("model customization job " + r.jobName()
                    + " was cancelled; StopModelCustomizationJob was sent (a stopped job cannot be resumed)");
            cancelled.addSuppressed(e);
            stop(jobArn, cancelled);
            throw cancelled;
        }
    }

    /** Whether a polling exception is the job's own end (Failed), not a failure to read its status. */
    private static boolean isJobOutcome(Exception e) {
        return e instanceof JobFailedException;
    }

    /** The AWS job ended Failed. */
    private static final class JobFailedException extends TraeClientException {
        private static final long serialVersionUID = 1L;

        JobFailedException(String message) {
            super(message, null, false);
        }
    }

    /**
     * Stops the AWS job after {@code cancel()} with {@code StopModelCustomizationJob}. A job that already
     * finished, is already stopping or is gone answers with a conflict, validation or not-found error, which
     * is fine (stopping is idempotent). Any other failure to stop is logged and attached to {@code cause}:
     * the job then keeps running on AWS.
     */
    private void stop(String jobArn, Throwable cause) {
        // the worker thread was interrupted by cancel(); the Stop call must not be aborted by that flag
        boolean interrupted = Thread.interrupted();
        try {
            // a repeat after a lost answer is answered with a conflict (the job is Stopping), which is fine below
            bedrock.call("StopModelCustomizationJob", Idempotency.IDEMPOTENT,
                    c -> c.stopModelCustomizationJob(b -> b.jobIdentifier(jobArn)));
        } catch (TraeServiceException e) {
            String code = e.errorCode().orElse("");
            if (!code.contains("Conflict") && !code.contains("Validation") && !code.contains("ResourceNotFound")) {
                stopFailed(jobArn, cause, e);
            }
        } catch (RuntimeException e) {
            stopFailed(jobArn, cause, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void stopFailed(String jobArn, Throwable cause, RuntimeException e) {
        LOG.warn("could not stop model customization job {} after cancel(); it keeps running on AWS until it ends or is "
                + "stopped by hand: {}", jobArn, e.getMessage());
        cause.addSuppressed(e);
    }

    /**
     * Polls {@code GetModelCustomizationJob} with core's {@link Poller} every {@code pollInterval} (whole milliseconds,
     * at least 1) until the job ends: Completed returns the model, Failed throws {@link JobFailedException}, Stopped
     * (by someone else) throws {@link TraeCancelledException}. Progress follows the status details (validation, data
     * processing, training) and the training loss after every poll; {@code cancel()} ends the wait before the next poll.
     */
    private CustomModel poll(JobContext ctx, CustomizationRequest r, String jobArn) {
        var progress = ctx.tracker();
        Duration every = Duration.ofMillis(Math.max(1, r.pollInterval().toMillis()));
        Poller poller = Poller.builder().initialDelay(every).maxDelay(every).multiplier(1.0).deadline(NO_DEADLINE)
                .cancelled(ctx::isCancelled).build();
        GetModelCustomizationJobResponse end = poller.await("model customization job " + r.jobName(),
                () -> bedrock.call("GetModelCustomizationJob", Idempotency.IDEMPOTENT,
                        c -> c.getModelCustomizationJob(b -> b.jobIdentifier(jobArn))),
                j -> {
                    String status = j.statusAsString();
                    long done = 0;
                    String phase = "VALIDATING";
                    if (j.statusDetails() != null) {
                        if (j.statusDetails().validationDetails() != null
                                && "Completed".equals(j.statusDetails().validationDetails().statusAsString())) {
                            done = 1;
                            phase = "PROCESSING_DATA";
                        }
                        if (j.statusDetails().dataProcessingDetails() != null
                                && "Completed".equals(j.statusDetails().dataProcessingDetails().statusAsString())) {
                            done = 2;
                            phase = "TRAINING";
                        }
                        if (j.statusDetails().trainingDetails() != null
                                && "Completed".equals(j.statusDetails().trainingDetails().statusAsString())) {
                            done = 3;
                        }
                    }
                    progress.phase(phase, status + loss(j).map(l -> " loss=" + l).orElse(""));
                    progress.set(done);
                    switch (status) {
                        case "Completed":
                            return Poller.State.done();
                        case "Failed":
                            throw new JobFailedException("model customization job " + r.jobName() + " failed: " + j.failureMessage());
                        case "Stopped":
                            throw new TraeCancelledException("model customization job " + r.jobName() + " was stopped");
                        default:
                            return Poller.State.waiting(status);
                    }
                });
        progress.phase("COMPLETED", end.outputModelArn());
        progress.set(4);
        return new CustomModel(end.outputModelArn(), end.outputModelName(), r.baseModelId(), jobArn, loss(end));
    }

    private static Optional<Double> loss(GetModelCustomizationJobResponse j) {
        return j.trainingMetrics() == null || j.trainingMetrics().trainingLoss() == null ? Optional.empty()
                : Optional.of(j.trainingMetrics().trainingLoss().doubleValue());
    }

    @Override
    public void close() {
        runner.close();
        bedrock.close();
        s3.close();
    }

    static Duration defaultPoll() {
        return Duration.ofSeconds(60);
    }
}
