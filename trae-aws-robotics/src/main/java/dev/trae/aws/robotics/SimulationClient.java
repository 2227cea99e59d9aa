package dev.trae.aws.robotics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.S3ClientSettings;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.JobWork;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.robotics.internal.BatchMapping;
import dev.trae.aws.robotics.internal.Checks;
import dev.trae.aws.robotics.model.ArraySimulationResult;
import dev.trae.aws.robotics.model.BatchSubmission;
import dev.trae.aws.robotics.model.ContainerResult;
import dev.trae.aws.robotics.model.LogEvent;
import dev.trae.aws.robotics.model.OutputFile;
import dev.trae.aws.robotics.model.S3Location;
import dev.trae.aws.robotics.model.Scenario;
import dev.trae.aws.robotics.model.SimulationResult;
import dev.trae.aws.robotics.model.SimulationStatus;
import dev.trae.aws.robotics.model.StatusChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsResponse;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.TaskContainerDetails;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs RoboMaker-style {@link SimulationJob}s on AWS Batch as multi-container jobs: registers (or reuses)
 * the job definition, submits, follows the status as a {@link TraeJob} with progress, fetches the container
 * logs from CloudWatch Logs and lists the output files in S3. Many scenarios run as one array job
 * ({@link #startArray}). Every AWS call goes through the config's resilience policy (retry, breaker, rate
 * limit, bulkhead); polling also survives a few consecutive failed polls, and a SubmitJob whose answer was
 * lost is never repeated blindly. Thread-safe; share one instance.
 *
 * <p>Endpoints are looked up in the config under the service names {@code "batch"}, {@code "logs"} and {@code "s3"}.
 *
 * <pre>{@code
 * try (SimulationClient sims = SimulationClient.builder().config(config).jobQueue("robotics-queue").build()) {
 *     TraeJob<SimulationResult> job = sims.start(spec);
 *     job.onProgress(ProgressListener.lines(System.out, 1000));
 *     SimulationResult r = job.await(Duration.ofHours(2));   // SimulationFailedException when Batch reports FAILED
 *     System.out.println(r.summary());
 * }
 * }</pre>
 */
public final class SimulationClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulationClient.class);
    /** The job kind in the job store. */
    public static final String KIND = "simulation";
    /** The job kind of array simulations. */
    public static final String ARRAY_KIND = "simulation-array";
    /** Progress steps of one simulation: the six Batch states up to the end, then collecting the results. */
    static final int STEPS = 7;

    private final Resilience resilience;
    private final BatchClient batch;
    private final CloudWatchLogsClient logs;
    private final S3Client s3;
    private final JobRunner runner;
    private final boolean ownsRunner;
    private final String jobQueue;
    private final Duration pollInterval;
    private final String logGroup;
    private final int maxLogLines;
    private final int maxPollFailures;

    private SimulationClient(Builder b) {
        TraeConfig config = Objects.requireNonNull(b.config, "config");
        if (b.jobQueue != null) {
            Checks.text("jobQueue", b.jobQueue, 2048);
        }
        if (b.pollInterval.isNegative() || b.pollInterval.isZero()) {
            throw new TraeValidationException("pollInterval", "must be positive");
        }
        AwsClients clients = AwsClients.of(config);
        this.resilience = clients.resilience();
        this.batch = clients.sync("batch", BatchClient::builder);
        this.logs = clients.sync("logs", CloudWatchLogsClient::builder);
        this.s3 = clients.sync("s3", S3Client::builder, AwsClients.Profile.STANDARD, S3ClientSettings.forConfig(config));
        this.ownsRunner = b.runner == null;
        this.runner = b.runner != null ? b.runner : JobRunner.create(config.jobStore());
        this.jobQueue = b.jobQueue;
        this.pollInterval = b.pollInterval;
        this.logGroup = b.logGroup;
        this.maxLogLines = b.maxLogLines;
        this.maxPollFailures = b.maxPollFailures;
    }

    public static SimulationClient create(TraeConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ planning (no network)

    /** The Batch requests a spec maps to, without sending anything. */
    public BatchSubmission plan(SimulationJob spec) {
        return BatchMapping.submission(Objects.requireNonNull(spec, "spec"), queueFor(spec), List.of(), "planned");
    }

    /** The Batch requests of an array simulation over {@code scenarios}, without sending anything. */
    public BatchSubmission plan(SimulationJob spec, List<Scenario> scenarios) {
        return BatchMapping.submission(Objects.requireNonNull(spec, "spec"), queueFor(spec), validateScenarios(scenarios), "planned");
    }

    // ------------------------------------------------------------------ jobs

    /** Starts one simulation; the job fails with {@link SimulationFailedException} when Batch reports FAILED. */
    public TraeJob<SimulationResult> start(SimulationJob spec) {
        plan(spec); // validates everything before the job starts
        return runner.submit(KIND, single(spec));
    }

    /** Lambda form of {@link #start(SimulationJob)}. */
    public TraeJob<SimulationResult> start(Consumer<SimulationJob.Builder> spec) {
        SimulationJob.Builder b = SimulationJob.builder();
        spec.accept(b);
        return start(b.build());
    }

    /**
     * Continues following a simulation job after a crash: a job that already submitted its Batch job polls
     * that job again (it is never submitted twice); one that had not yet submitted does so now.
     */
    public TraeJob<SimulationResult> resume(String jobId, SimulationJob spec) {
        plan(spec);
        return runner.resume(jobId, single(spec));
    }

    /**
     * Runs one simulation per scenario as a single Batch array job (2 to 10,000 scenarios). The job completes
     * with every child's result, failed children included; check {@link ArraySimulationResult#allSucceeded()}.
     */
    public TraeJob<ArraySimulationResult> startArray(SimulationJob spec, List<Scenario> scenarios) {
        plan(spec, scenarios);
        return runner.submit(ARRAY_KIND, array(spec, List.copyOf(scenarios)));
    }

    /** Continues an array simulation after a crash (see {@link #resume(String, SimulationJob)}). */
    public TraeJob<ArraySimulationResult> resumeArray(String jobId, SimulationJob spec, List<Scenario> scenarios) {
        plan(spec, scenarios);
        return runner.resume(jobId, array(spec, List.copyOf(scenarios)));
    }

    // ------------------------------------------------------------------ direct operations

    /** Registers the job definition of a spec, or reuses an ACTIVE revision with the same contents. Returns its ARN. */
    public String ensureJobDefinition(SimulationJob spec) {
        return ensureDefinition(plan(spec));
    }

    /** The current state of a Batch job (no logs, no output files). */
    public SimulationResult describe(String batchJobId) {
        JobDetail d = describeOne(checkJobId(batchJobId)).orElseThrow(() ->
                new TraeValidationException("batchJobId", "no Batch job " + batchJobId + " (it may be older than Batch keeps jobs)"));
        return toResult(d.jobName(), d, List.of());
    }

    /** Cancels a job that has not started yet (SUBMITTED, PENDING or RUNNABLE); Batch ignores it for running jobs. */
    public void cancel(String batchJobId, String reason) {
        String id = checkJobId(batchJobId);
        String r = Checks.text("reason", reason, 1024);
        resilience.call("batch", "CancelJob", () -> batch.cancelJob(b -> b.jobId(id).reason(r)));
    }

    /** Terminates a job in any state; running containers are stopped. */
    public void terminate(String batchJobId, String reason) {
        String id = checkJobId(batchJobId);
        String r = Checks.text("reason", reason, 1024);
        resilience.call("batch", "TerminateJob", () -> batch.terminateJob(b -> b.jobId(id).reason(r)));
    }

    /** The log lines of every container of a job, by container name (at most {@code maxLogLines} each). */
    public Map<String, List<String>> logs(String batchJobId) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ContainerResult c : describe(batchJobId).containers()) {
            out.put(c.name(), c.logStreamName().isEmpty() ? List.of() : readStream(c.logStreamName()));
        }
        return out;
    }

    /**
     * Searches a job's container logs with a CloudWatch filter pattern (for example {@code "ERROR -retrying"}),
     * in time order, at most {@code maxLogLines} events.
     */
    public List<LogEvent> searchLogs(String batchJobId, String filterPattern) {
        String pattern = filterPattern == null ? "" : filterPattern;
        if (pattern.length() > 1024) {
            throw new TraeValidationException("filterPattern", "must be at most 1024 characters");
        }
        Map<String, String> streamToContainer = new HashMap<>();
        for (ContainerResult c : describe(batchJobId).containers()) {
            if (!c.logStreamName().isEmpty()) {
                streamToContainer.put(c.logStreamName(), c.name());
            }
        }
        List<LogEvent> out = new ArrayList<>();
        if (streamToContainer.isEmpty()) {
            return out;
        }
        String token = null;
        do {
            String t = token;
            FilterLogEventsResponse r;
            try {
                r = resilience.call("logs", "FilterLogEvents", () -> logs.filterLogEvents(b -> b.logGroupName(logGroup)
                        .logStreamNames(streamToContainer.keySet()).filterPattern(pattern).nextToken(t)));
            } catch (TraeServiceException e) {
                if (notFound(e)) {
                    return out;
                }
                throw e;
            }
            for (FilteredLogEvent e : r.events()) {
                out.add(new LogEvent(streamToContainer.getOrDefault(e.logStreamName(), e.logStreamName()),
                        Instant.ofEpochMilli(e.timestamp() == null ? 0 : e.timestamp()), e.message()));
                if (out.size() >= maxLogLines) {
                    return out;
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** The objects a job wrote under its output prefix (see {@link S3Location#keyPrefixFor(String)}). */
    public List<OutputFile> outputFiles(S3Location location, String batchJobId) {
        return listOutputs(Objects.requireNonNull(location, "location"), location.keyPrefixFor(checkJobId(batchJobId)));
    }

    /** Closes the AWS clients and, when the client created it, the job runner. */
    @Override
    public void close() {
        if (ownsRunner) {
            runner.close();
        }
        batch.close();
        logs.close();
        s3.close();
    }

    // ------------------------------------------------------------------ job bodies

    private JobWork<SimulationResult> single(SimulationJob spec) {
        return ctx -> {
            ProgressTracker t = ctx.tracker();
            t.total(STEPS);
            Map<String, String> cp = ctx.checkpoint();
            String batchId = cp.get("batchJobId");
            List<StatusChange> history = parseHistory(cp.getOrDefault("history", ""));
            if (batchId == null) {
                batchId = submitNew(ctx, spec, List.of());
            } else {
                t.phase("RESUMING", "following Batch job " + batchId);
            }
            JobDetail d = follow(ctx, batchId, history, detail -> {
                SimulationStatus s = SimulationStatus.parse(detail.statusAsString());
                t.set(s.isTerminal() ? STEPS - 1 : s.ordinal() + 1);
            });
            t.phase("COLLECTING", "logs and output files");
            SimulationResult r = withLogs(toResult(spec.name(), d, history));
            if (spec.outputLocation().isPresent()) {
                r = r.withOutputFiles(listOutputs(spec.outputLocation().get(), spec.outputLocation().get().keyPrefixFor(batchId)));
            }
            t.set(STEPS);
            t.phase(r.status().name(), r.summary());
            if (!r.succeeded()) {
                throw new SimulationFailedException(r);
            }
            return r;
        };
    }

    private JobWork<ArraySimulationResult> array(SimulationJob spec, List<Scenario> scenarios) {
        return ctx -> {
            ProgressTracker t = ctx.tracker();
            t.total(scenarios.size());
            Map<String, String> cp = ctx.checkpoint();
            String batchId = cp.get("batchJobId");
            List<StatusChange> history = parseHistory(cp.getOrDefault("history", ""));
            if (batchId == null) {
                batchId = submitNew(ctx, spec, scenarios);
            } else {
                t.phase("RESUMING", "following Batch array job " + batchId);
            }
            JobDetail d = follow(ctx, batchId, history, detail -> {
                Map<String, Integer> summary = detail.arrayProperties() == null ? Map.of() : detail.arrayProperties().statusSummary();
                t.set(summary.getOrDefault("SUCCEEDED", 0) + summary.getOrDefault("FAILED", 0));
            });
            t.phase("COLLECTING", "child results, logs and output files");
            Map<Integer, List<OutputFile>> outputs = new HashMap<>();
            if (spec.outputLocation().isPresent()) {
                S3Location loc = spec.outputLocation().get();
                String base = loc.keyPrefixFor(batchId);
                for (OutputFile f : listOutputs(loc, base)) {
                    String rest = f.key().substring(base.length());
                    int slash = rest.indexOf('/');
                    if (slash > 0 && rest.substring(0, slash).matches("\\d{1,5}")) {
                        outputs.computeIfAbsent(Integer.parseInt(rest.substring(0, slash)), k -> new ArrayList<>()).add(f);
                    }
                }
            }
            List<SimulationResult> children = new ArrayList<>();
            for (int from = 0; from < scenarios.size(); from += 100) {
                List<String> chunk = new ArrayList<>();
                for (int i = from; i < Math.min(scenarios.size(), from + 100); i++) {
                    chunk.add(batchId + ":" + i);
                }
                List<JobDetail> details = resilience.call("batch", "DescribeJobs", () -> batch.describeJobs(b -> b.jobs(chunk)).jobs());
                Map<String, JobDetail> byId = new HashMap<>();
                details.forEach(x -> byId.put(x.jobId(), x));
                for (int k = 0; k < chunk.size(); k++) {
                    String id = chunk.get(k);
                    JobDetail c = byId.get(id);
                    if (c == null) {
                        throw new TraeClientException("Batch did not describe child job " + id + " of array job " + batchId);
                    }
                    SimulationResult r = toResult(spec.name(), c, List.of());
                    if (r.arrayIndex().isEmpty()) {
                        r = new SimulationResult(r.name(), r.batchJobId(), r.status(), r.statusReason(), r.statusHistory(),
                                r.createdAt(), r.startedAt(), r.stoppedAt(), r.containers(), r.outputFiles(), Optional.of(from + k));
                    }
                    // logs of every failed child, and of the first 100 children
                    if (!r.succeeded() || children.size() < 100) {
                        r = withLogs(r);
                    }
                    children.add(r.withOutputFiles(outputs.getOrDefault(from + k, List.of())));
                }
            }
            Map<String, Integer> summary = d.arrayProperties() == null ? Map.of() : d.arrayProperties().statusSummary();
            ArraySimulationResult result = new ArraySimulationResult(spec.name(), batchId, SimulationStatus.parse(d.statusAsString()),
                    summary, scenarios, children);
            t.set(scenarios.size());
            t.phase(result.status().name(), result.succeededCount() + " of " + scenarios.size() + " scenarios succeeded");
            return result;
        };
    }

    private String submitNew(JobContext ctx, SimulationJob spec, List<Scenario> scenarios) {
        ProgressTracker t = ctx.tracker();
        String submissionId = UUID.randomUUID().toString();
        BatchSubmission sub = BatchMapping.submission(spec, queueFor(spec), scenarios, submissionId);
        t.phase("REGISTERING", "job definition " + sub.jobDefinition().jobDefinitionName());
        String defArn = ensureDefinition(sub);
        ctx.throwIfCancelled();
        t.phase("SUBMITTING", spec.name());
        SubmitJobRequest req = sub.submitJob().toBuilder().jobDefinition(defArn).build();
        AtomicInteger attempt = new AtomicInteger();
        String batchId = resilience.call("batch", "SubmitJob", () -> {
            if (attempt.incrementAndGet() > 1) {
                // an earlier attempt may have created the job and lost the answer: never submit twice
                Optional<String> existing = findSubmitted(req.jobQueue(), req.jobName(), submissionId);
                if (existing.isPresent()) {
                    LOG.debug("SubmitJob answer was lost; found the job {} it created", existing.get());
                    return existing.get();
                }
            }
            return batch.submitJob(req).jobId();
        });
        LOG.debug("submitted simulation {} as Batch job {}", spec.name(), batchId);
        ctx.saveCheckpoint(Map.of("batchJobId", batchId, "jobDefinition", defArn, "history", ""));
        return batchId;
    }

    private Optional<String> findSubmitted(String queue, String jobName, String submissionId) {
        ListJobsResponse list = batch.listJobs(b -> b.jobQueue(queue)
                .filters(KeyValuesPair.builder().name("JOB_NAME").values(jobName).build()).maxResults(100));
        List<String> ids = list.jobSummaryList().stream().map(JobSummary::jobId).limit(100).toList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return batch.describeJobs(b -> b.jobs(ids)).jobs().stream()
                .filter(j -> submissionId.equals(j.tags().get(BatchMapping.SUBMISSION_TAG)))
                .map(JobDetail::jobId).findFirst();
    }

    private String ensureDefinition(BatchSubmission sub) {
        String name = sub.jobDefinition().jobDefinitionName();
        String token = null;
        do {
            String t = token;
            DescribeJobDefinitionsResponse r = resilience.call("batch", "DescribeJobDefinitions", () -> batch.describeJobDefinitions(
                    b -> b.jobDefinitionName(name).status("ACTIVE").nextToken(t)));
            for (JobDefinition d : r.jobDefinitions()) {
                if (sub.specHash().equals(d.tags().get(BatchMapping.HASH_TAG))) {
                    LOG.debug("reusing job definition {}", d.jobDefinitionArn());
                    return d.jobDefinitionArn();
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return resilience.call("batch", "RegisterJobDefinition", () -> batch.registerJobDefinition(sub.jobDefinition()))
                .jobDefinitionArn();
    }

    /** Polls until the job is terminal, recording status changes; terminates the Batch job when the TraeJob is cancelled. */
    private JobDetail follow(JobContext ctx, String batchId, List<StatusChange> history, Consumer<JobDetail> onPoll) {
        ProgressTracker t = ctx.tracker();
        int failures = 0;
        while (true) {
            if (ctx.isCancelled()) {
                stopOnCancel(ctx, batchId);
            }
            Optional<JobDetail> found;
            try {
                found = describeOne(batchId);
                failures = 0;
            } catch (TraeException e) {
                if (ctx.isCancelled()) {
                    stopOnCancel(ctx, batchId);
                }
                if (!e.retryable() || ++failures > maxPollFailures) {
                    throw e;
                }
                LOG.debug("poll of Batch job {} failed ({} in a row), polling again: {}", batchId, failures, e.getMessage());
                sleep(ctx, batchId);
                continue;
            }
            JobDetail d = found.orElseThrow(() -> new TraeClientException("Batch no longer knows job " + batchId
                    + "; it may have been deleted or be older than Batch keeps jobs"));
            SimulationStatus s = SimulationStatus.parse(d.statusAsString());
            if (history.isEmpty() || history.get(history.size() - 1).status() != s) {
                history.add(new StatusChange(s, Instant.now()));
                ctx.saveCheckpoint(Map.of("batchJobId", batchId, "history", formatHistory(history)));
                t.phase(s.name(), d.statusReason() == null ? batchId : d.statusReason());
            }
            onPoll.accept(d);
            if (s.isTerminal()) {
                return d;
            }
            sleep(ctx, batchId);
        }
    }

    private void sleep(JobContext ctx, String batchId) {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            if (ctx.isCancelled()) {
                stopOnCancel(ctx, batchId);
            }
            Thread.currentThread().interrupt();
            throw new TraeCancelledException("interrupted while following Batch job " + batchId);
        }
    }

    private void stopOnCancel(JobContext ctx, String batchId) {
        Thread.interrupted(); // clear the cancel interrupt so that the terminate call can go out
        try {
            terminate(batchId, "cancelled by Trae job " + ctx.jobId());
            ctx.tracker().phase("CANCELLED", "terminated Batch job " + batchId);
        } catch (TraeException e) {
            LOG.warn("could not terminate Batch job {} after cancellation: {}", batchId, e.getMessage());
        }
        throw new TraeCancelledException("simulation job " + ctx.jobId() + " was cancelled; Batch job " + batchId + " was terminated");
    }

    private Optional<JobDetail> describeOne(String batchId) {
        return resilience.call("batch", "DescribeJobs", () -> batch.describeJobs(b -> b.jobs(batchId)))
                .jobs().stream().filter(j -> batchId.equals(j.jobId())).findFirst();
    }

    // ------------------------------------------------------------------ results

    private static SimulationResult toResult(String name, JobDetail d, List<StatusChange> history) {
        List<ContainerResult> containers = new ArrayList<>();
        if (d.ecsProperties() != null && d.ecsProperties().hasTaskProperties() && !d.ecsProperties().taskProperties().isEmpty()) {
            for (TaskContainerDetails c : d.ecsProperties().taskProperties().get(0).containers()) {
                containers.add(new ContainerResult(c.name(), c.image(), Optional.ofNullable(c.exitCode()), c.reason(),
                        c.logStreamName(), List.of()));
            }
        } else if (d.container() != null) {
            containers.add(new ContainerResult("default", d.container().image(), Optional.ofNullable(d.container().exitCode()),
                    d.container().reason(), d.container().logStreamName(), List.of()));
        }
        Optional<Integer> index = d.arrayProperties() != null && d.arrayProperties().index() != null
                ? Optional.of(d.arrayProperties().index()) : Optional.empty();
        return new SimulationResult(name, d.jobId(), SimulationStatus.parse(d.statusAsString()), d.statusReason(), history,
                d.createdAt() == null ? null : Instant.ofEpochMilli(d.createdAt()),
                Optional.ofNullable(d.startedAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(d.stoppedAt()).map(Instant::ofEpochMilli), containers, List.of(), index);
    }

    private SimulationResult withLogs(SimulationResult r) {
        List<ContainerResult> list = new ArrayList<>();
        for (ContainerResult c : r.containers()) {
            list.add(c.logStreamName().isEmpty() ? c : c.withLogLines(readStream(c.logStreamName())));
        }
        return r.withContainers(list);
    }

    private List<String> readStream(String stream) {
        List<String> lines = new ArrayList<>();
        String token = null;
        while (lines.size() < maxLogLines) {
            String t = token;
            GetLogEventsResponse r;
            try {
                r = resilience.call("logs", "GetLogEvents", () -> logs.getLogEvents(b -> b.logGroupName(logGroup)
                        .logStreamName(stream).startFromHead(true).nextToken(t)));
            } catch (TraeServiceException e) {
                if (notFound(e)) {
                    return lines; // the container never logged
                }
                throw e;
            }
            for (OutputLogEvent e : r.events()) {
                if (lines.size() < maxLogLines) {
                    lines.add(e.message());
                }
            }
            String next = r.nextForwardToken();
            // CloudWatch repeats the forward token at the end of the stream
            if (next == null || next.equals(token) || r.events().isEmpty()) {
                break;
            }
            token = next;
        }
        return lines;
    }

    private List<OutputFile> listOutputs(S3Location loc, String keyPrefix) {
        List<OutputFile> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response r = resilience.call("s3", "ListObjectsV2", () -> s3.listObjectsV2(b -> b.bucket(loc.bucket())
                    .prefix(keyPrefix).continuationToken(t)));
            for (S3Object o : r.contents()) {
                out.add(new OutputFile(loc.bucket(), o.key(), o.size() == null ? 0 : o.size(), o.lastModified()));
            }
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    private static boolean notFound(TraeServiceException e) {
        return e.errorCode().map(c -> c.equals("ResourceNotFoundException")).orElse(false);
    }

    // ------------------------------------------------------------------ helpers

    private String queueFor(SimulationJob spec) {
        return spec.jobQueue().or(() -> Optional.ofNullable(jobQueue)).orElseThrow(() -> new TraeValidationException("jobQueue",
                "no job queue: set one on the SimulationJob or on SimulationClient.builder().jobQueue(...)"));
    }

    private static List<Scenario> validateScenarios(List<Scenario> scenarios) {
        if (scenarios == null || scenarios.size() < 2 || scenarios.size() > 10_000) {
            throw new TraeValidationException("scenarios", "an array simulation needs 2 to 10000 scenarios, was "
                    + (scenarios == null ? "null" : scenarios.size()));
        }
        for (Scenario s : scenarios) {
            if (s == null) {
                throw new TraeValidationException("scenarios", "must not contain null");
            }
            if (!s.name().matches("[A-Za-z0-9_.-]{1,128}")) {
                throw new TraeValidationException("scenarios", "scenario names must be 1 to 128 letters, digits, '_', '-', '.', was "
                        + Checks.show(s.name()));
            }
            s.environment().forEach((k, v) -> Checks.envVar("scenarios.environment", k, v));
        }
        return List.copyOf(scenarios);
    }

    private static String checkJobId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9:_-]{0,127}")) {
            throw new TraeValidationException("batchJobId", "must be a Batch job id (letters, digits, '-', ':'), was " + Checks.show(id));
        }
        return id;
    }

    private static String formatHistory(List<StatusChange> history) {
        StringBuilder sb = new StringBuilder();
        for (StatusChange c : history) {
            sb.append(sb.length() == 0 ? "" : ",").append(c.status().name()).append('@').append(c.observedAt().toEpochMilli());
        }
        return sb.toString();
    }

    private static List<StatusChange> parseHistory(String s) {
        List<StatusChange> out = new ArrayList<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String part : s.split(",")) {
            int at = part.indexOf('@');
            try {
                out.add(new StatusChange(SimulationStatus.parse(part.substring(0, at)),
                        Instant.ofEpochMilli(Long.parseLong(part.substring(at + 1)))));
            } catch (RuntimeException e) {
                LOG.debug("ignoring unreadable status history entry {}", part);
            }
        }
        return out;
    }

    /** Builder of {@link SimulationClient}. */
    public static final class Builder {
        private TraeConfig config;
        private String jobQueue;
        private Duration pollInterval = Duration.ofSeconds(10);
        private JobRunner runner;
        private String logGroup = "/aws/batch/job";
        private int maxLogLines = 10_000;
        private int maxPollFailures = 5;

        private Builder() {
        }

        /** Region, credentials, endpoints ("batch", "logs", "s3") and resilience. Required. */
        public Builder config(TraeConfig config) {
            this.config = config;
            return this;
        }

        /** The default Batch job queue (a spec may name its own). */
        public Builder jobQueue(String queue) {
            this.jobQueue = queue;
            return this;
        }

        /** Time between status polls (default 10 seconds). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Runs jobs on this runner (default: a runner over the config's job store, closed with the client). */
        public Builder jobRunner(JobRunner runner) {
            this.runner = runner;
            return this;
        }

        /** The CloudWatch Logs group the containers log to (default {@code /aws/batch/job}). */
        public Builder logGroup(String group) {
            this.logGroup = Checks.text("logGroup", group, 512);
            return this;
        }

        /** The most log lines fetched per container (default 10,000). */
        public Builder maxLogLines(int max) {
            this.maxLogLines = Checks.range("maxLogLines", max, 0, 1_000_000);
            return this;
        }

        /** Consecutive failed polls tolerated (after the resilience retries) before the job fails (default 5). */
        public Builder maxPollFailures(int max) {
            this.maxPollFailures = Checks.range("maxPollFailures", max, 0, 1000);
            return this;
        }

        public SimulationClient build() {
            return new SimulationClient(this);
        }
    }
}
