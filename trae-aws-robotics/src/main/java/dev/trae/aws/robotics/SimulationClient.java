package dev.trae.aws.robotics;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.trae.aws.core.spi.InputChecks;
import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.robotics.internal.BatchMapping;
import dev.trae.aws.robotics.internal.Checks;
import dev.trae.aws.robotics.internal.JobFollower;
import dev.trae.aws.robotics.internal.OutputPaths;
import dev.trae.aws.robotics.internal.SimulationLauncher;
import dev.trae.aws.robotics.internal.SimulationResults;
import dev.trae.aws.robotics.internal.SimulationRuns;
import dev.trae.aws.robotics.internal.SimulationServices;
import dev.trae.aws.robotics.internal.SimulationTeardown;
import dev.trae.aws.robotics.model.Application;
import dev.trae.aws.robotics.model.ArraySimulationResult;
import dev.trae.aws.robotics.model.BatchSubmission;
import dev.trae.aws.robotics.model.ContainerResult;
import dev.trae.aws.robotics.model.LogEvent;
import dev.trae.aws.robotics.model.OutputFile;
import dev.trae.aws.robotics.model.Scenario;
import dev.trae.aws.robotics.model.SimulationResult;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * Runs RoboMaker-style {@link SimulationJob}s on AWS Batch as multi-container jobs: registers (or reuses)
 * the job definition, submits, follows the status as a {@link TraeJob} with progress, fetches the container
 * logs from CloudWatch Logs and lists the output files in S3. Many scenarios run as one array job
 * ({@link #startArray}). Every AWS call goes through core's guarded service clients (the config's resilience
 * policy: retry, breaker, rate limit, bulkhead; error translation; observation); reads are retried as idempotent,
 * polling (core's poller at {@code pollInterval}) also survives a few consecutive failed polls, and a SubmitJob whose
 * answer was lost is never repeated blindly. Thread-safe; share one instance.
 *
 * <p>This class is the facade: launching, following, teardown and result collection live in the module's internal
 * classes.
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
    /** The job kind in the job store. */
    public static final String KIND = "simulation";
    /** The job kind of array simulations. */
    public static final String ARRAY_KIND = "simulation-array";
    /** Progress steps of one simulation: the six Batch states up to the end, then collecting the results. */
    static final int STEPS = SimulationRuns.STEPS;

    private final SimulationServices aws;
    private final SimulationLauncher launcher;
    private final SimulationTeardown teardown;
    private final JobFollower follower;
    private final SimulationResults results;
    private final SimulationRuns runs;
    private final JobRunner runner;
    private final boolean ownsRunner;
    private final String jobQueue;

    private SimulationClient(Builder b) {
        TraeConfig config = Objects.requireNonNull(b.config, "config");
        if (b.jobQueue != null) {
            InputChecks.text("jobQueue", b.jobQueue, 2048);
        }
        if (b.pollInterval.isNegative() || b.pollInterval.isZero()) {
            throw new TraeValidationException("pollInterval", "must be positive");
        }
        this.aws = SimulationServices.of(config);
        this.launcher = new SimulationLauncher(aws);
        this.teardown = new SimulationTeardown(aws);
        this.follower = new JobFollower(aws, teardown, b.pollInterval, b.maxPollFailures);
        this.results = new SimulationResults(aws, b.logGroup, b.maxLogLines);
        this.runs = new SimulationRuns(launcher, follower, results);
        this.ownsRunner = b.runner == null;
        this.runner = b.runner != null ? b.runner : JobRunner.create(config.jobStore());
        this.jobQueue = b.jobQueue;
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
        return runner.submit(KIND, runs.single(spec, queueFor(spec)));
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
        return runner.resume(jobId, runs.single(spec, queueFor(spec)));
    }

    /**
     * Runs one simulation per scenario as a single Batch array job (2 to 10,000 scenarios). The job completes
     * with every child's result, failed children included; check {@link ArraySimulationResult#allSucceeded()}.
     */
    public TraeJob<ArraySimulationResult> startArray(SimulationJob spec, List<Scenario> scenarios) {
        plan(spec, scenarios);
        return runner.submit(ARRAY_KIND, runs.array(spec, queueFor(spec), List.copyOf(scenarios)));
    }

    /** Continues an array simulation after a crash (see {@link #resume(String, SimulationJob)}). */
    public TraeJob<ArraySimulationResult> resumeArray(String jobId, SimulationJob spec, List<Scenario> scenarios) {
        plan(spec, scenarios);
        return runner.resume(jobId, runs.array(spec, queueFor(spec), List.copyOf(scenarios)));
    }

    // ------------------------------------------------------------------ direct operations

    /** Registers the job definition of a spec, or reuses an ACTIVE revision with the same contents. Returns its ARN. */
    public String ensureJobDefinition(SimulationJob spec) {
        return launcher.ensureDefinition(plan(spec));
    }

    /** The current state of a Batch job (no logs, no output files). */
    public SimulationResult describe(String batchJobId) {
        JobDetail d = follower.describe(checkJobId(batchJobId)).orElseThrow(() ->
                new TraeValidationException("batchJobId", "no Batch job " + batchJobId + " (it may be older than Batch keeps jobs)"));
        return SimulationResults.toResult(d.jobName(), d, List.of());
    }

    /** Cancels a job that has not started yet (SUBMITTED, PENDING or RUNNABLE); Batch ignores it for running jobs. */
    public void cancel(String batchJobId, String reason) {
        teardown.cancel(checkJobId(batchJobId), InputChecks.text("reason", reason, 1024));
    }

    /** Terminates a job in any state; running containers are stopped. */
    public void terminate(String batchJobId, String reason) {
        teardown.terminate(checkJobId(batchJobId), InputChecks.text("reason", reason, 1024));
    }

    /** The log lines of every container of a job, by container name (at most {@code maxLogLines} each). */
    public Map<String, List<String>> logs(String batchJobId) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ContainerResult c : describe(batchJobId).containers()) {
            out.put(c.name(), c.logStreamName().isEmpty() ? List.of() : results.readStream(c.logStreamName()));
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
        return results.search(streamToContainer, pattern);
    }

    /**
     * The objects a job wrote under its output prefix: {@code prefix/<jobId>/}, and for the child
     * {@code <parentId>:<index>} of an array job {@code prefix/<parentId>/<index>/}.
     */
    public List<OutputFile> outputFiles(S3Location location, String batchJobId) {
        Objects.requireNonNull(location, "location");
        return results.listOutputs(location, OutputPaths.keyPrefix(location, checkJobId(batchJobId)));
    }

    /** Closes the AWS clients and, when the client created it, the job runner. */
    @Override
    public void close() {
        if (ownsRunner) {
            runner.close();
        }
        aws.close();
    }

    // ------------------------------------------------------------------ input checks

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
            s.environment().forEach((k, v) -> Application.checkEnvironmentVariable("scenarios.environment", k, v));
        }
        return List.copyOf(scenarios);
    }

    private static String checkJobId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9:_-]{0,127}")) {
            throw new TraeValidationException("batchJobId", "must be a Batch job id (letters, digits, '-', ':'), was " + Checks.show(id));
        }
        return id;
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
            this.logGroup = InputChecks.text("logGroup", group, 512);
            return this;
        }

        /** The most log lines fetched per container (default 10,000). */
        public Builder maxLogLines(int max) {
            this.maxLogLines = InputChecks.range("maxLogLines", max, 0, 1_000_000);
            return this;
        }

        /** Consecutive failed polls tolerated (after the resilience retries) before the job fails (default 5). */
        public Builder maxPollFailures(int max) {
            this.maxPollFailures = InputChecks.range("maxPollFailures", max, 0, 1000);
            return this;
        }

        public SimulationClient build() {
            return new SimulationClient(this);
        }
    }
}
