package dev.trae.aws.robotics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.trae.aws.core.spi.InputChecks;
import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.robotics.internal.Checks;
import dev.trae.aws.robotics.internal.OutputPaths;
import dev.trae.aws.robotics.model.Application;
import dev.trae.aws.robotics.model.DataSource;

/**
 * A RoboMaker-style simulation job: a robot application and a simulation application (each a container
 * with its ROS package, launch file and environment), a maximum duration, data sources, an output location
 * and an IAM role. {@link SimulationClient} runs it on AWS Batch as one multi-container job (containers
 * {@code robot} and {@code simulation}). Immutable; build with {@link #builder()}. Validation happens in
 * {@link Builder#build()}, before anything is sent.
 *
 * <pre>{@code
 * SimulationJob job = SimulationJob.builder()
 *         .name("warehouse-nav")
 *         .robotApplication(a -> a.image(robotImage).packageName("fuel_robot").launchFile("navigate.launch.py"))
 *         .simulationApplication(a -> a.image(gazeboImage).packageName("fuel_world").launchFile("station.launch.py"))
 *         .maxJobDuration(Duration.ofMinutes(30))
 *         .iamRole("arn:aws:iam::123456789012:role/SimulationRole")
 *         .outputLocation("s3://sim-results/warehouse")
 *         .build();
 * }</pre>
 */
public final class SimulationJob {
    /** Batch's shortest attempt timeout. */
    public static final Duration MIN_DURATION = Duration.ofSeconds(60);
    /** RoboMaker's longest simulation (14 days). */
    public static final Duration MAX_DURATION = Duration.ofDays(14);

    private final String name;
    private final Application robotApplication;
    private final Application simulationApplication;
    private final Duration maxJobDuration;
    private final List<DataSource> dataSources;
    private final S3Location outputLocation;
    private final String iamRole;
    private final String executionRole;
    private final String jobQueue;
    private final Map<String, String> tags;
    private final int retryAttempts;

    private SimulationJob(Builder b) {
        this.name = Checks.batchName("name", b.name);
        if (b.robot == null && b.simulation == null) {
            throw new TraeValidationException("applications", "a simulation job needs a robot application, a simulation application, or both");
        }
        this.robotApplication = b.robot;
        this.simulationApplication = b.simulation;
        this.maxJobDuration = Objects.requireNonNull(b.maxJobDuration, "maxJobDuration");
        if (maxJobDuration.compareTo(MIN_DURATION) < 0 || maxJobDuration.compareTo(MAX_DURATION) > 0) {
            throw new TraeValidationException("maxJobDuration", "must be between 60 seconds and 14 days, was " + maxJobDuration);
        }
        this.dataSources = List.copyOf(b.dataSources);
        if (dataSources.size() > 6) {
            throw new TraeValidationException("dataSources", "at most 6 data sources (RoboMaker's limit), was " + dataSources.size());
        }
        if (dataSources.stream().map(DataSource::name).distinct().count() != dataSources.size()) {
            throw new TraeValidationException("dataSources", "data source names must be unique");
        }
        this.outputLocation = b.outputLocation;
        this.iamRole = Checks.roleArn("iamRole", b.iamRole);
        this.executionRole = b.executionRole == null ? null : Checks.roleArn("executionRole", b.executionRole);
        this.jobQueue = b.jobQueue == null ? null : InputChecks.text("jobQueue", b.jobQueue, 2048);
        if (jobQueue != null && !jobQueue.matches("[A-Za-z0-9][A-Za-z0-9_:/.-]*")) {
            throw new TraeValidationException("jobQueue", "must be a job queue name or ARN, was " + Checks.show(jobQueue));
        }
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        if (tags.size() > 40) {
            throw new TraeValidationException("tags", "at most 40 tags");
        }
        tags.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.length() > 128 || k.startsWith("aws:") || v == null || v.length() > 256) {
                throw new TraeValidationException("tags", "keys must be 1-128 characters not starting with 'aws:', values at most 256");
            }
        });
        this.retryAttempts = InputChecks.range("retryAttempts", b.retryAttempts, 1, 10);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().name(name).maxJobDuration(maxJobDuration).iamRole(iamRole).retryAttempts(retryAttempts);
        b.robot = robotApplication;
        b.simulation = simulationApplication;
        b.dataSources.addAll(dataSources);
        b.outputLocation = outputLocation;
        b.executionRole = executionRole;
        b.jobQueue = jobQueue;
        b.tags.putAll(tags);
        return b;
    }

    public String name() {
        return name;
    }

    public Optional<Application> robotApplication() {
        return Optional.ofNullable(robotApplication);
    }

    public Optional<Application> simulationApplication() {
        return Optional.ofNullable(simulationApplication);
    }

    public Duration maxJobDuration() {
        return maxJobDuration;
    }

    public List<DataSource> dataSources() {
        return dataSources;
    }

    public Optional<S3Location> outputLocation() {
        return Optional.ofNullable(outputLocation);
    }

    /** The role the containers run as (the ECS task role). */
    public String iamRole() {
        return iamRole;
    }

    /** The ECS execution role (image pulls, logs), when set. */
    public Optional<String> executionRole() {
        return Optional.ofNullable(executionRole);
    }

    /** The Batch job queue, when set on the job; otherwise the client's default queue is used. */
    public Optional<String> jobQueue() {
        return Optional.ofNullable(jobQueue);
    }

    public Map<String, String> tags() {
        return tags;
    }

    public int retryAttempts() {
        return retryAttempts;
    }

    @Override
    public String toString() {
        return "SimulationJob[" + name + " robot=" + robotApplication + " simulation=" + simulationApplication
                + " max=" + maxJobDuration + " output=" + outputLocation + " dataSources=" + dataSources.size() + "]";
    }

    /** Builder of {@link SimulationJob}. */
    public static final class Builder {
        private String name;
        private Application robot;
        private Application simulation;
        private Duration maxJobDuration = Duration.ofHours(1);
        private final List<DataSource> dataSources = new ArrayList<>();
        private S3Location outputLocation;
        private String iamRole;
        private String executionRole;
        private String jobQueue;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private int retryAttempts = 1;

        private Builder() {
        }

        /** The job name (1-128 letters, digits, '-', '_'); also names the Batch job. Required. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder robotApplication(Application app) {
            this.robot = app;
            return this;
        }

        public Builder robotApplication(Consumer<Application.Builder> app) {
            Application.Builder b = Application.builder();
            app.accept(b);
            this.robot = b.build();
            return this;
        }

        public Builder simulationApplication(Application app) {
            this.simulation = app;
            return this;
        }

        public Builder simulationApplication(Consumer<Application.Builder> app) {
            Application.Builder b = Application.builder();
            app.accept(b);
            this.simulation = b.build();
            return this;
        }

        /** Time limit of one attempt, 60 seconds to 14 days (default 1 hour); Batch stops the job after it. */
        public Builder maxJobDuration(Duration d) {
            this.maxJobDuration = d;
            return this;
        }

        public Builder dataSource(DataSource ds) {
            dataSources.add(Objects.requireNonNull(ds, "dataSource"));
            return this;
        }

        /**
         * Where the containers write: a bucket and key prefix (kept without leading or trailing {@code /}, at most 900
         * characters, no {@code .} or {@code ..} segments); each job writes below {@code prefix/<jobId>/}.
         */
        public Builder outputLocation(S3Location location) {
            this.outputLocation = location == null ? null : OutputPaths.normalize(location);
            return this;
        }

        /** {@code s3://bucket/prefix}: containers write to {@code prefix/$AWS_BATCH_JOB_ID/}. */
        public Builder outputLocation(String s3Uri) {
            this.outputLocation = OutputPaths.parse(s3Uri);
            return this;
        }

        /** The IAM role the containers run as. Required. */
        public Builder iamRole(String roleArn) {
            this.iamRole = roleArn;
            return this;
        }

        public Builder executionRole(String roleArn) {
            this.executionRole = roleArn;
            return this;
        }

        public Builder jobQueue(String queue) {
            this.jobQueue = queue;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /** Batch attempts (1 to 10, default 1). */
        public Builder retryAttempts(int attempts) {
            this.retryAttempts = attempts;
            return this;
        }

        public SimulationJob build() {
            return new SimulationJob(this);
        }
    }
}
