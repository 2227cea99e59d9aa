package dev.trae.aws.training;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.S3Location;
import dev.trae.aws.training.internal.S3Paths;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.MultipartUpload;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.spi.S3ClientSettings;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.training.internal.PriceListLookup;
import dev.trae.aws.training.internal.S3Uploader;
import dev.trae.aws.training.model.CostEstimate;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.JumpStartModel;
import dev.trae.aws.training.model.NeuronSettings;
import dev.trae.aws.training.model.StatusTransition;
import dev.trae.aws.training.model.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CheckpointConfig;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DataSource;
import software.amazon.awssdk.services.sagemaker.model.DescribeHubContentResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.HubContentType;
import software.amazon.awssdk.services.sagemaker.model.MetricData;
import software.amazon.awssdk.services.sagemaker.model.OutputDataConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceConfig;
import software.amazon.awssdk.services.sagemaker.model.S3DataDistribution;
import software.amazon.awssdk.services.sagemaker.model.S3DataSource;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.ModelAccessConfig;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.StoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.VpcConfig;

/**
 * SageMaker training on Trainium and GPUs: resolves JumpStart models, uploads local data to S3 (SSE-KMS
 * with the config's KMS key), guards cost against a budget, starts the job as a {@link TraeJob} whose
 * progress follows the secondary status transitions and training metrics, streams CloudWatch logs, and
 * reports the model artifacts and billable seconds. Thread-safe; share one instance.
 *
 * <pre>{@code
 * // prices the table lacks are looked up through the AWS Price List API (pricing:GetProducts); your entries win
 * InstancePriceTable prices = InstancePriceTable.defaults().toBuilder()
 *         .price("ml.trn1.2xlarge", usdPerHour, "our negotiated rate", LocalDate.of(2026, 12, 1)).build();
 * try (TrainingClient training = TrainingClient.builder().config(config).priceTable(prices).budgetUsd(50).build()) {
 *     TrainingJob spec = TrainingJob.builder()
 *             .jumpStartModel("meta-textgenerationneuron-llama-2-7b")
 *             .instanceType("ml.trn1.2xlarge")
 *             .roleArn("arn:aws:iam::123456789012:role/SageMakerTraining")
 *             .channel(InputChannel.s3("train", "s3://my-bucket/data/train/"))
 *             .outputPath("s3://my-bucket/models/")
 *             .maxRuntime(Duration.ofHours(4))
 *             .build();
 *     System.out.println(training.estimate(spec));          // 4.00 instance-hours x your price
 *     TraeJob<TrainingResult> job = training.start(spec);
 *     job.onProgress(e -> System.out.println(e.phase() + " " + e.done() + "%"));
 *     TrainingResult result = job.await(Duration.ofHours(5));
 *     System.out.println(result.modelArtifacts().orElseThrow() + " billable " + result.billableSeconds() + " s");
 * }
 * }</pre>
 */
public final class TrainingClient implements AutoCloseable {
    /** The kind of the {@link TraeJob}s this client starts. */
    public static final String JOB_KIND = "sagemaker-training";
    /** The public JumpStart hub. */
    public static final String PUBLIC_HUB = "SageMakerPublicHub";
    static final String LOG_GROUP = "/aws/sagemaker/TrainingJobs";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** The most {@code DescribeTrainingJob} calls {@link #stopAndWait} makes while the stopped job winds down. */
    private static final int STOP_CHECKS = 200;

    private final TraeConfig config;
    private final ServiceClient<SageMakerClient> sageMaker;
    private final ServiceClient<CloudWatchLogsClient> logs;
    private final ServiceClient<S3Client> s3;
    private final JobRunner runner;
    private final boolean ownsRunner;
    private final Duration pollInterval;
    private final long uploadPartSize;
    private final int uploadParallelism;
    private final Prices prices;
    private final Optional<Double> budgetUsd;

    private TrainingClient(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        AwsClients clients = AwsClients.of(config);
        this.sageMaker = clients.service(Services.SAGEMAKER, SageMakerClient::builder);
        this.logs = clients.service(Services.LOGS, CloudWatchLogsClient::builder);
        this.s3 = clients.service(Services.S3, S3Client::builder);
        this.ownsRunner = b.runner == null;
        this.runner = b.runner != null ? b.runner : JobRunner.create(config.jobStore());
        this.pollInterval = b.pollInterval;
        this.uploadPartSize = b.uploadPartSize;
        this.uploadParallelism = b.uploadParallelism;
        this.prices = new Prices(config, b.prices, b.priceLookup, Optional.ofNullable(b.pricingRegion));
        this.budgetUsd = Optional.ofNullable(b.budgetUsd);
    }

    /** A client with the default price table, no budget and a 30-second poll interval. */
    public static TrainingClient create(TraeConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The price table (entries that win over any lookup). */
    public InstancePriceTable prices() {
        return prices.table();
    }

    /** Where prices the table lacks come from. */
    public PriceLookup priceLookup() {
        return prices.mode();
    }

    public Optional<Double> budgetUsd() {
        return budgetUsd;
    }

    // ------------------------------------------------------------------ cost

    /**
     * The worst-case cost of {@code job}: instance count x maximum runtime x price. The price is the table's entry; a
     * type the table lacks is looked up once through the AWS Price List API ({@code GetProducts}, cached for this
     * client's life) unless the client is {@link PriceLookup#OFFLINE}. The estimate's warnings name a looked-up price's
     * source and date, a stale price, and why there is no price when there is none.
     */
    public CostEstimate estimate(TrainingJob job) {
        Prices.Resolved r = prices.resolve(job.instanceType());
        r.warnings().forEach(w -> LOG.warn("price: {}", w));
        r.quote().ifPresent(q -> LOG.debug("price of {}: ${}/h from {} ({})", job.instanceType(), q.usdPerHour(), q.entry().source(), q.entry().asOf()));
        return new CostEstimate(job.instanceType(), job.instanceCount(), job.maxRuntime(), r.hourly(), budgetUsd, r.warnings(),
                r.quote().map(q -> q.entry().source()), r.quote().map(q -> q.entry().asOf()));
    }

    /** Throws {@link TraeValidationException} ("budget") when the estimate does not fit and no override was given. */
    void checkBudget(TrainingJob job, CostEstimate e) {
        if (e.withinBudget()) {
            return;
        }
        if (job.overrideBudget()) {
            LOG.warn("launching over budget by explicit override: {}", e);
            config.auditSink().record(AuditEvent.of("sagemaker", "BudgetOverride", job.jobName().orElse("<generated>"))
                    .result("override").detail("estimate", e.toString()).build());
            return;
        }
        String why = e.hourlyUsd().isEmpty()
                ? "no price is known for " + e.instanceType() + ", so the budget cannot be checked ("
                        + (e.warnings().isEmpty() ? "the price table has no entry for it" : String.join("; ", e.warnings()))
                        + "). Set one by hand with TrainingClient.builder().priceTable("
                        + "InstancePriceTable.defaults().toBuilder().price(\"" + e.instanceType() + "\", usdPerHour, sourceUrl, date).build())"
                : "the estimate " + e + " exceeds the budget";
        throw new TraeValidationException("budget", why + ". Lower the instance count or maxRuntime, raise budgetUsd, "
                + "or set overrideBudget(true) to launch anyway");
    }

    // ------------------------------------------------------------------ JumpStart

    /** Resolves a JumpStart model through {@code DescribeHubContent} on {@code SageMakerPublicHub}. */
    public JumpStartModel resolveJumpStart(String modelId, Optional<String> version) {
        if (modelId == null || !modelId.matches(TrainingJob.JUMPSTART_ID)) {
            throw new TraeValidationException("jumpStartModel", "must be a JumpStart model id, was '" + InstanceTypes.safe(modelId) + "'");
        }
        DescribeHubContentResponse r = sageMaker.call("DescribeHubContent", Idempotency.IDEMPOTENT, c -> c.describeHubContent(b -> {
            b.hubName(PUBLIC_HUB).hubContentType(HubContentType.MODEL).hubContentName(modelId);
            version.ifPresent(b::hubContentVersion);
        }));
        JsonNode doc;
        try {
            doc = MAPPER.readTree(r.hubContentDocument() == null ? "{}" : r.hubContentDocument());
        } catch (java.io.IOException e) {
            throw new TraeClientException("the hub content document of " + modelId + " is not valid JSON: " + e.getMessage(), e);
        }
        if (doc.has("TrainingSupported") && !doc.path("TrainingSupported").asBoolean()) {
            throw new TraeValidationException("jumpStartModel", modelId + " does not support training (TrainingSupported=false)");
        }
        String image = text(doc, "TrainingEcrUri").orElseThrow(() -> new TraeClientException(
                "the hub content document of " + modelId + " names no training image (TrainingEcrUri); choose another model or set trainingImage"));
        List<String> types = new ArrayList<>();
        doc.path("SupportedTrainingInstanceTypes").forEach(n -> types.add(n.asText()));
        Map<String, String> hp = new LinkedHashMap<>();
        for (JsonNode h : doc.path("Hyperparameters")) {
            String name = h.path("Name").asText("");
            JsonNode def = h.has("Default") ? h.get("Default") : h.get("DefaultValue");
            if (!name.isEmpty() && def != null && !def.isNull()) {
                hp.put(name, def.asText());
            }
        }
        // TrainingMetrics: [{"Name", "Regex"}]; GatedBucket: the artifacts need the EULA accepted (field names of the
        // hub content document as the SageMaker Python SDK reads them: sagemaker/jumpstart/hub/interfaces.py)
        Map<String, String> metrics = new LinkedHashMap<>();
        for (JsonNode m : doc.path("TrainingMetrics")) {
            String n = m.path("Name").asText("");
            String rx = m.path("Regex").asText("");
            if (!n.isEmpty() && !rx.isEmpty()) {
                metrics.put(n, rx);
            }
        }
        return new JumpStartModel(modelId, r.hubContentVersion() == null ? "" : r.hubContentVersion(), image,
                text(doc, "TrainingArtifactUri"), text(doc, "TrainingScriptUri"), text(doc, "DefaultTrainingInstanceType"), types, hp,
                metrics, doc.path("GatedBucket").asBoolean(false), text(doc, "HostingEulaUri"));
    }

    private static Optional<String> text(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? Optional.empty() : Optional.of(n.asText());
    }

    // ------------------------------------------------------------------ start / stop

    /**
     * Checks the budget (before any network call), then starts the job in the background: resolve the
     * JumpStart model, upload local channels, {@code CreateTrainingJob}, and poll until it ends.
     * Cancelling the returned job stops the SageMaker job.
     */
    public TraeJob<TrainingResult> start(TrainingJob job) {
        Objects.requireNonNull(job, "job");
        checkBudget(job, estimate(job));
        String name = job.jobName().orElseGet(() -> "trae-" + NAME_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6));
        return runner.submit(name, JOB_KIND, ctx -> run(job, name, ctx));
    }

    /** Builds the job with a lambda and starts it. */
    public TraeJob<TrainingResult> start(Consumer<TrainingJob.Builder> spec) {
        TrainingJob.Builder b = TrainingJob.builder();
        spec.accept(b);
        return start(b.build());
    }

    /**
     * Resumes following a job after a crash or cancel of this process: when the SageMaker job was already
     * created (the checkpoint holds its name), it is only polled, never created twice.
     */
    public TraeJob<TrainingResult> resume(String jobId, TrainingJob job) {
        return runner.resume(jobId, ctx -> run(job, jobId, ctx));
    }

    /** Asks SageMaker to stop a running job. */
    public void stop(String jobName) {
        if (jobName == null || !jobName.matches(TrainingJob.JOB_NAME)) {
            throw new TraeValidationException("jobName", "not a training job name: '" + InstanceTypes.safe(jobName) + "'");
        }
        sageMaker.call("StopTrainingJob", c -> c.stopTrainingJob(b -> b.trainingJobName(jobName)));
    }

    private TrainingResult run(TrainingJob job, String name, JobContext ctx) {
        ProgressTracker p = ctx.tracker();
        p.total(100);
        String created = ctx.checkpoint().get("trainingJobName");
        if (created == null) {
            p.phase("Preparing", "resolving the algorithm");
            CreateTrainingJobRequest req = prepare(job, name, ctx);
            ctx.throwIfCancelled();
            p.phase("Creating", "CreateTrainingJob " + name);
            sageMaker.call("CreateTrainingJob", c -> createIdempotent(c, req));
            ctx.saveCheckpoint(Map.of("trainingJobName", name));
            config.auditSink().record(AuditEvent.of("sagemaker", "CreateTrainingJob", name).result("started")
                    .detail("instanceType", job.instanceType()).detail("instanceCount", Integer.toString(job.instanceCount()))
                    .detail("estimate", estimate(job).toString()).build());
        }
        return follow(job, name, ctx);
    }

    /** CreateTrainingJob that treats "already exists" on a retried attempt as success (the first attempt's answer was lost). */
    private static Object createIdempotent(SageMakerClient c, CreateTrainingJobRequest req) {
        try {
            return c.createTrainingJob(req);
        } catch (software.amazon.awssdk.services.sagemaker.model.ResourceInUseException e) {
            // inside the same guarded attempt: the describe is part of the CreateTrainingJob call
            DescribeTrainingJobResponse d = c.describeTrainingJob(b -> b.trainingJobName(req.trainingJobName()));
            if (Objects.equals(d.roleArn(), req.roleArn()) && Objects.equals(d.outputDataConfig().s3OutputPath(), req.outputDataConfig().s3OutputPath())) {
                return d;
            }
            throw e;
        }
    }

    private CreateTrainingJobRequest prepare(TrainingJob job, String name, JobContext ctx) {
        String image;
        Map<String, String> hp = new LinkedHashMap<>();
        List<Channel> channels = new ArrayList<>();
        Map<String, String> metrics = new LinkedHashMap<>();
        if (job.jumpStartModelId().isPresent()) {
            JumpStartModel m = resolveJumpStart(job.jumpStartModelId().get(), job.jumpStartVersion());
            if (m.gated() && !job.acceptEula()) {
                // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelAccessConfig.html
                throw new TraeValidationException("acceptEula", m.modelId() + " is a gated model: training it needs its end-user license "
                        + "agreement accepted" + m.eulaUri().map(u -> " (read it at " + u + ")").orElse("")
                        + ". Review it, then set acceptEula(true); nothing was uploaded or created");
            }
            metrics.putAll(m.trainingMetrics());
            if (!m.supportedInstanceTypes().isEmpty() && !m.supportedInstanceTypes().contains(job.instanceType())) {
                throw new TraeValidationException("instanceType", m.modelId() + " does not support training on " + job.instanceType()
                        + "; supported: " + m.supportedInstanceTypes());
            }
            image = m.trainingImage();
            hp.putAll(m.defaultHyperparameters());
            m.trainingScriptUri().ifPresent(u -> {
                hp.put("sagemaker_submit_directory", u);
                hp.putIfAbsent("sagemaker_program", "transfer_learning.py");
            });
            m.trainingArtifactUri().ifPresent(u -> channels.add(channel("model", u, Optional.empty(), m.gated())));
            ctx.tracker().message("JumpStart " + m.modelId() + " " + m.version());
        } else {
            image = job.trainingImage().orElseThrow();
        }
        hp.putAll(job.hyperparameters());
        metrics.putAll(job.metricDefinitions());
        Optional<String> kms = kmsKeyId();
        S3Uploader uploader = new S3Uploader(s3, kms, uploadPartSize, uploadParallelism, (done, total) -> {
            ctx.tracker().message("uploaded " + done + " of " + total + " bytes");
        });
        for (InputChannel c : job.channels()) {
            String uri;
            if (c.localPath().isPresent()) {
                ctx.throwIfCancelled();
                S3Location dest = job.uploadPrefix().orElseThrow().resolve(name + "/" + c.name() + "/");
                ctx.tracker().phase("Uploading input", c.name() + " -> " + dest);
                List<String> keys = uploader.upload(c.localPath().get(), dest.bucket(), dest.key());
                LOG.info("uploaded {} object(s) for channel {} to {}{}", keys.size(), c.name(), dest, kms.isPresent() ? " (SSE-KMS)" : "");
                uri = dest.toString();
            } else {
                uri = c.s3Uri().orElseThrow();
            }
            channels.removeIf(existing -> existing.channelName().equals(c.name()));
            channels.add(channel(c.name(), uri, c.contentType(), false));
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (job.isTrainium()) {
            NeuronSettings n = job.neuron().orElse(NeuronSettings.defaults());
            env.put("NEURON_CC_FLAGS", n.compilerFlags());
            n.compileCacheUri().ifPresent(u -> env.put("NEURON_COMPILE_CACHE_URL", S3Paths.parse("neuron.compileCacheUri", u).toString()));
            n.runtimeCores().ifPresent(c -> env.put("NEURON_RT_NUM_CORES", Integer.toString(c)));
            if (job.instanceCount() > 1) {
                env.put("FI_PROVIDER", "efa");
                env.put("FI_EFA_USE_DEVICE_RDMA", "1");
            }
        }
        env.putAll(job.environment());
        StoppingCondition.Builder stop = StoppingCondition.builder().maxRuntimeInSeconds((int) job.maxRuntime().toSeconds());
        job.maxWait().ifPresent(w -> stop.maxWaitTimeInSeconds((int) w.toSeconds()));
        OutputDataConfig.Builder out = OutputDataConfig.builder().s3OutputPath(job.outputPath().toString());
        ResourceConfig.Builder res = ResourceConfig.builder().instanceType(job.instanceType()).instanceCount(job.instanceCount())
                .volumeSizeInGB(job.volumeSizeGb());
        kms.ifPresent(k -> {
            out.kmsKeyId(k);
            res.volumeKmsKeyId(k);
        });
        CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn(job.roleArn())
                .algorithmSpecification(AlgorithmSpecification.builder().trainingImage(image).trainingInputMode(TrainingInputMode.FILE)
                        // without MetricDefinitions SageMaker extracts no metrics from a custom container's log
                        // https://docs.aws.amazon.com/sagemaker/latest/dg/training-metrics.html
                        .metricDefinitions(metrics.entrySet().stream().map(e -> MetricDefinition.builder().name(e.getKey())
                                .regex(e.getValue()).build()).toList()).build())
                .inputDataConfig(channels)
                .outputDataConfig(out.build())
                .resourceConfig(res.build())
                .stoppingCondition(stop.build())
                .hyperParameters(hp)
                .environment(env);
        if (!job.subnets().isEmpty()) {
            b.vpcConfig(VpcConfig.builder().subnets(job.subnets()).securityGroupIds(job.securityGroupIds()).build());
        }
        if (job.managedSpot()) {
            b.enableManagedSpotTraining(true)
                    .checkpointConfig(CheckpointConfig.builder().s3Uri(job.checkpointUri().orElseThrow().toString()).localPath("/opt/ml/checkpoints").build());
        }
        return b.build();
    }

    private static Channel channel(String name, String uri, Optional<String> contentType, boolean acceptEula) {
        S3DataSource.Builder src = S3DataSource.builder().s3DataType(S3DataType.S3_PREFIX).s3Uri(uri)
                .s3DataDistributionType(S3DataDistribution.FULLY_REPLICATED);
        if (acceptEula) {
            src.modelAccessConfig(ModelAccessConfig.builder().acceptEula(true).build());
        }
        Channel.Builder c = Channel.builder().channelName(name).dataSource(DataSource.builder().s3DataSource(src.build()).build());
        contentType.ifPresent(c::contentType);
        return c.build();
    }

    /** The config's KMS key id when it names an AWS KMS key (ARN, alias or key id); local keyring names are not sent to AWS. */
    Optional<String> kmsKeyId() {
        return config.kmsKeyProvider().map(k -> k.keyId()).filter(id -> id != null
                && id.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[A-Za-z0-9/_-]+|alias/[A-Za-z0-9/_-]+|(mrk-)?[0-9a-f-]{32,36}"));
    }

    private TrainingResult follow(TrainingJob job, String name, JobContext ctx) {
        ProgressTracker p = ctx.tracker();
        LogTail tail = new LogTail(name, job.logListener());
        long[] lastPercent = {0};
        String[] lastSecondary = {""};
        Poller poller = everyPollInterval().cancelled(ctx::isCancelled).build();
        DescribeTrainingJobResponse end;
        try {
            end = poller.await("training job " + name, () -> {
                DescribeTrainingJobResponse d = sageMaker.call("DescribeTrainingJob", Idempotency.IDEMPOTENT,
                        c -> c.describeTrainingJob(b -> b.trainingJobName(name)));
                tail.poll();
                return d;
            }, d -> {
                String status = d.trainingJobStatusAsString();
                String secondary = d.secondaryStatusAsString() == null ? "" : d.secondaryStatusAsString();
                String message = lastMessage(d);
                long percent = Math.max(lastPercent[0], percent(secondary, d, job));
                lastPercent[0] = percent;
                if (!secondary.equals(lastSecondary[0])) {
                    lastSecondary[0] = secondary;
                    p.phase(secondary, message);
                } else {
                    p.message(message);
                }
                p.set(percent);
                switch (status == null ? "" : status) {
                    case "Completed":
                    case "Stopped":
                        return Poller.State.done();
                    case "Failed":
                        throw new TrainingJobFailedException(name, d.failureReason() == null ? "no reason given" : d.failureReason(),
                                d.billableTimeInSeconds() == null ? 0 : d.billableTimeInSeconds());
                    default:
                        return Poller.State.waiting(secondary);
                }
            });
        } catch (TraeCancelledException e) {
            return stopAndWait(name, ctx, tail);
        }
        p.set(100);
        return result(end, job);
    }

    /**
     * Stops the SageMaker job after a cancel, waits (bounded: at most {@value #STOP_CHECKS} {@code DescribeTrainingJob}
     * calls, {@code pollInterval} apart, through core's {@link Poller}) until it has ended, then reports the cancel.
     * A service error while stopping or waiting is logged; an interrupt ends the wait early and stays set.
     */
    private TrainingResult stopAndWait(String name, JobContext ctx, LogTail tail) {
        Thread.interrupted();
        ctx.tracker().phase("Stopping", "cancel requested: stopping " + name);
        TraeCancelledException cancelled = new TraeCancelledException("training job " + name + " was cancelled and stopped in SageMaker");
        // no cancelled() check: this wait runs because of the cancel. Running out of checks ends it with the cancel itself.
        Poller poller = everyPollInterval().maxAttempts(STOP_CHECKS).onTimeout((what, last, fetches, waited) -> cancelled).build();
        try {
            stop(name);
            poller.await("stop of training job " + name, () -> {
                DescribeTrainingJobResponse d = sageMaker.call("DescribeTrainingJob", Idempotency.IDEMPOTENT,
                        c -> c.describeTrainingJob(b -> b.trainingJobName(name)));
                tail.poll();
                return d;
            }, d -> {
                String s = d.trainingJobStatusAsString();
                if ("Stopped".equals(s) || "Completed".equals(s) || "Failed".equals(s)) {
                    ctx.tracker().phase(d.secondaryStatusAsString(), "job ended as " + s);
                    return Poller.State.done();
                }
                return Poller.State.waiting(s);
            });
        } catch (TraeServiceException e) {
            LOG.warn("stopping training job {} after cancel failed: {}", name, e.getMessage());
        } catch (TraeCancelledException e) {
            // the checks ran out (onTimeout), or the wait was interrupted (the Poller keeps the interrupt flag set)
            if (e != cancelled) {
                cancelled.addSuppressed(e);
            }
        }
        throw cancelled;
    }

    /**
     * A poller that fetches every {@code pollInterval} (at least 1 ms apart) for up to 29 days: SageMaker's
     * MaxRuntimeInSeconds is at most 28 days, so a wait on a training job never needs to be longer.
     */
    private Poller.Builder everyPollInterval() {
        Duration every = pollInterval.isZero() ? Duration.ofMillis(1) : pollInterval;
        return Poller.builder().initialDelay(every).maxDelay(every).multiplier(1.0).deadline(Duration.ofDays(29));
    }

    private static String lastMessage(DescribeTrainingJobResponse d) {
        List<SecondaryStatusTransition> t = d.secondaryStatusTransitions();
        return t == null || t.isEmpty() || t.get(t.size() - 1).statusMessage() == null ? "" : t.get(t.size() - 1).statusMessage();
    }

    private static long percent(String secondary, DescribeTrainingJobResponse d, TrainingJob job) {
        switch (secondary) {
            case "Starting":
            case "Pending":
                return 5;
            case "LaunchingMLInstances":
            case "PreparingTrainingStack":
                return 8;
            case "Downloading":
            case "DownloadingTrainingImage":
                return 15;
            case "Training": {
                double frac = epochFraction(d, job);
                return 20 + Math.round(70 * frac);
            }
            case "Uploading":
                return 92;
            case "Completed":
            case "Stopped":
            case "Failed":
                return 100;
            default:
                return 10;
        }
    }

    private static double epochFraction(DescribeTrainingJobResponse d, TrainingJob job) {
        String epochs = job.hyperparameters().getOrDefault("epochs", job.hyperparameters().get("num_train_epochs"));
        if (epochs == null || d.finalMetricDataList() == null) {
            return 0;
        }
        try {
            double total = Double.parseDouble(epochs);
            for (MetricData m : d.finalMetricDataList()) {
                if ("epoch".equals(m.metricName()) && m.value() != null && total > 0) {
                    return Math.min(1.0, m.value() / total);
                }
            }
        } catch (NumberFormatException ignored) {
            // not a number: progress follows the phases only
        }
        return 0;
    }

    private TrainingResult result(DescribeTrainingJobResponse d, TrainingJob job) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (d.finalMetricDataList() != null) {
            d.finalMetricDataList().forEach(m -> metrics.put(m.metricName(), m.value() == null ? Double.NaN : m.value().doubleValue()));
        }
        List<StatusTransition> transitions = new ArrayList<>();
        if (d.secondaryStatusTransitions() != null) {
            d.secondaryStatusTransitions().forEach(t -> transitions.add(new StatusTransition(t.statusAsString(), t.startTime(),
                    Optional.ofNullable(t.endTime()), t.statusMessage() == null ? "" : t.statusMessage())));
        }
        long billable = d.billableTimeInSeconds() == null ? 0 : d.billableTimeInSeconds();
        TrainingResult r = new TrainingResult(d.trainingJobName(), d.trainingJobArn(), d.trainingJobStatusAsString(),
                Optional.ofNullable(d.modelArtifacts()).map(a -> a.s3ModelArtifacts()),
                billable, d.trainingTimeInSeconds() == null ? 0 : d.trainingTimeInSeconds(),
                job.instanceCount(), prices.resolve(job.instanceType()).hourly(), metrics, transitions);
        config.auditSink().record(AuditEvent.of("sagemaker", "TrainingJobEnded", r.jobName()).result(r.status())
                .detail("billableSeconds", Long.toString(billable))
                .detail("actualCostUsd", r.actualCostUsd().map(c -> String.format(Locale.ROOT, "%.4f", c)).orElse("unknown")).build());
        return r;
    }

    /** Follows the job's CloudWatch log streams with forward tokens; a missing log group is normal early on. */
    private final class LogTail {
        private final String jobName;
        private final Consumer<String> sink;
        private final Map<String, String> tokens = new LinkedHashMap<>();

        LogTail(String jobName, Consumer<String> sink) {
            this.jobName = jobName;
            this.sink = sink;
        }

        void poll() {
            try {
                List<LogStream> streams = logs.call("DescribeLogStreams", Idempotency.IDEMPOTENT, c -> c.describeLogStreams(b -> b
                        .logGroupName(LOG_GROUP).logStreamNamePrefix(jobName + "/"))).logStreams();
                for (LogStream s : streams) {
                    String stream = s.logStreamName();
                    while (true) {
                        String token = tokens.get(stream);
                        GetLogEventsResponse r = logs.call("GetLogEvents", Idempotency.IDEMPOTENT, c -> c.getLogEvents(b -> {
                            b.logGroupName(LOG_GROUP).logStreamName(stream).startFromHead(true);
                            if (token != null) {
                                b.nextToken(token);
                            }
                        }));
                        for (OutputLogEvent e : r.events()) {
                            try {
                                sink.accept(e.message());
                            } catch (RuntimeException ex) {
                                LOG.warn("log listener failed and was ignored: {}", ex.toString());
                            }
                        }
                        tokens.put(stream, r.nextForwardToken());
                        if (r.events().isEmpty() || Objects.equals(token, r.nextForwardToken())) {
                            break;
                        }
                    }
                }
            } catch (TraeServiceException e) {
                if (e.statusCode() != 400) {
                    LOG.debug("log tail for {} skipped this poll: {}", jobName, e.getMessage());
                }
            } catch (TraeClientException e) {
                if (e instanceof TraeCancelledException) {
                    throw e;
                }
                LOG.debug("log tail for {} skipped this poll: {}", jobName, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (ownsRunner) {
            runner.close();
        }
        sageMaker.close();
        logs.close();
        s3.close();
        prices.close();
    }

    @Override
    public String toString() {
        return "TrainingClient[region=" + config.region() + ", poll=" + pollInterval + ", budget=" + budgetUsd.map(String::valueOf).orElse("none") + "]";
    }

    /** Builder for {@link TrainingClient}. */
    public static final class Builder {
        private TraeConfig config;
        private JobRunner runner;
        private Duration pollInterval = Duration.ofSeconds(30);
        private InstancePriceTable prices = InstancePriceTable.defaults();
        private PriceLookup priceLookup = PriceLookup.PRICE_LIST_API;
        private String pricingRegion;
        private Double budgetUsd;
        private long uploadPartSize = 16L << 20;
        private int uploadParallelism = 4;

        private Builder() {
        }

        /**
         * The part size of data set uploads (default 16 MiB, 5 MiB to 5 GiB): files up to it go up in one PutObject,
         * larger ones as a multipart upload whose parts are retried one by one.
         */
        public Builder uploadPartSize(long bytes) {
            this.uploadPartSize = MultipartUpload.checkPartSize("uploadPartSize", bytes);
            return this;
        }

        /** How many parts of one file are uploaded at once (default 4, 1 to 64). */
        public Builder uploadParallelism(int n) {
            this.uploadParallelism = MultipartUpload.checkParallelism("uploadParallelism", n);
            return this;
        }

        /** The shared configuration (required). */
        public Builder config(TraeConfig c) {
            this.config = c;
            return this;
        }

        /** A shared job runner; by default the client owns one on the config's job store. */
        public Builder jobRunner(JobRunner r) {
            this.runner = r;
            return this;
        }

        /** How often DescribeTrainingJob is polled (default 30 s; tests use milliseconds). */
        public Builder pollInterval(Duration d) {
            if (d == null || d.isNegative() || d.toMillis() > Duration.ofMinutes(10).toMillis()) {
                throw new TraeValidationException("pollInterval", "must be between 0 and 10 minutes, was " + d);
            }
            this.pollInterval = d;
            return this;
        }

        /** The price table; its entries (yours included) win over any lookup (default {@link InstancePriceTable#defaults()}). */
        public Builder priceTable(InstancePriceTable p) {
            this.prices = Objects.requireNonNull(p, "priceTable");
            return this;
        }

        /**
         * Where prices the table lacks come from: {@link PriceLookup#PRICE_LIST_API} (default; needs the IAM permission
         * {@code pricing:GetProducts}) or {@link PriceLookup#OFFLINE} (table only, no call).
         */
        public Builder priceLookup(PriceLookup lookup) {
            this.priceLookup = Objects.requireNonNull(lookup, "priceLookup");
            return this;
        }

        /**
         * The region whose Price List API endpoint is called (us-east-1, eu-central-1 or ap-south-1). By default the
         * config's region when it is one of them, else the nearest of them. The prices looked up are always those of the
         * config's region.
         */
        public Builder pricingRegion(String region) {
            if (region == null || !PriceListLookup.ENDPOINT_REGIONS.contains(region)) {
                throw new TraeValidationException("pricingRegion", "the Price List API is served from " + new java.util.TreeSet<>(PriceListLookup.ENDPOINT_REGIONS)
                        + " only, was " + region);
            }
            this.pricingRegion = region;
            return this;
        }

        /** The most a single launch may cost in USD (worst case); unlimited when not set. */
        public Builder budgetUsd(double usd) {
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new TraeValidationException("budgetUsd", "must be a finite amount of at least 0, was " + usd);
            }
            this.budgetUsd = usd;
            return this;
        }

        public TrainingClient build() {
            if (config == null) {
                throw new TraeValidationException("config", "a TraeConfig is required");
            }
            return new TrainingClient(this);
        }
    }
}
