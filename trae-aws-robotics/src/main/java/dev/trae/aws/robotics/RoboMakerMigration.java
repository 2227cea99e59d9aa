package dev.trae.aws.robotics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.spi.InputChecks;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.robotics.internal.BatchMapping;
import dev.trae.aws.robotics.internal.Checks;
import dev.trae.aws.robotics.internal.OutputPaths;
import dev.trae.aws.robotics.model.Application;
import dev.trae.aws.robotics.model.BatchSubmission;
import dev.trae.aws.robotics.model.DataSource;
import dev.trae.aws.robotics.model.RosGeneration;

/**
 * Reads the JSON of an AWS RoboMaker {@code CreateSimulationJob} request (the shape the RoboMaker API and
 * {@code boto3.client('robomaker').create_simulation_job(...)} accepted) and produces the equivalent
 * {@link SimulationJob} and AWS Batch submission. RoboMaker applications were ARNs; Batch needs container
 * images, so every application ARN must be mapped to an image. Fields without a Batch equivalent are
 * reported in {@link Result#warnings()}, never silently dropped. Pure: no network. Immutable and thread-safe.
 *
 * <pre>{@code
 * RoboMakerMigration migration = RoboMakerMigration.builder()
 *         .image("arn:aws:robomaker:us-east-1:123456789012:robot-application/fuel-robot/1",
 *                "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-robot:1.4")
 *         .image("arn:aws:robomaker:us-east-1:123456789012:simulation-application/fuel-world/1",
 *                "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-world:2.0")
 *         .jobQueue("robotics-queue")
 *         .build();
 * RoboMakerMigration.Result r = migration.migrate(Files.readString(Path.of("create-simulation-job.json")));
 * r.warnings().forEach(System.out::println);
 * TraeJob<SimulationResult> job = simulations.start(r.job());
 * }</pre>
 */
public final class RoboMakerMigration {
    /** Largest request accepted (RoboMaker requests are a few KiB). */
    public static final int MAX_REQUEST_CHARS = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("clientRequestToken", "outputLocation", "loggingConfig", "maxJobDurationInSeconds",
            "iamRole", "failureBehavior", "robotApplications", "simulationApplications", "dataSources", "tags", "vpcConfig", "compute");
    private static final Set<String> KNOWN_APP = Set.of("application", "applicationVersion", "launchConfig", "uploadConfigurations",
            "useDefaultUploadConfigurations", "tools", "useDefaultTools", "worldConfigs");

    private final Map<String, String> images;
    private final String name;
    private final String jobQueue;
    private final RosGeneration rosGeneration;

    private RoboMakerMigration(Builder b) {
        this.images = Map.copyOf(b.images);
        this.name = Checks.batchName("name", b.name);
        this.jobQueue = InputChecks.text("jobQueue", b.jobQueue, 2048);
        this.rosGeneration = b.rosGeneration;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The outcome of a migration: the job, its Batch submission (the job definition to register and the
     * SubmitJob request) and what could not be carried over.
     *
     * @param job        the simulation job
     * @param submission the AWS Batch requests for it
     * @param warnings   RoboMaker features with no Batch equivalent, or changed on the way
     */
    public record Result(SimulationJob job, BatchSubmission submission, List<String> warnings) {
        public Result {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(submission, "submission");
            warnings = List.copyOf(warnings);
        }
    }

    /** Migrates a request given as JSON text. Throws {@link TraeValidationException} naming the offending field. */
    public Result migrate(String createSimulationJobJson) {
        if (createSimulationJobJson == null || createSimulationJobJson.isBlank()) {
            throw new TraeValidationException("request", "is empty; pass the JSON of a CreateSimulationJob request");
        }
        if (createSimulationJobJson.length() > MAX_REQUEST_CHARS) {
            throw new TraeValidationException("request", "is " + createSimulationJobJson.length() + " characters; at most "
                    + MAX_REQUEST_CHARS + " are accepted");
        }
        JsonNode root;
        try {
            root = JSON.readTree(createSimulationJobJson.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new TraeValidationException("request", "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new TraeValidationException("request", "could not be read: " + e.getClass().getSimpleName());
        }
        return migrate(root);
    }

    /** Migrates a request given as a Jackson tree. */
    public Result migrate(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new TraeValidationException("request", "must be a JSON object");
        }
        List<String> warnings = new ArrayList<>();
        for (Iterator<String> it = request.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                warnings.add("unknown field " + Checks.show(f) + " ignored (not part of CreateSimulationJob)");
            }
        }
        try {
            return convert(request, warnings);
        } catch (TraeValidationException e) {
            throw e;
        } catch (TraeException | IllegalArgumentException | NullPointerException e) {
            throw new TraeValidationException("request", "cannot be migrated: " + e.getMessage(), e);
        }
    }

    private Result convert(JsonNode req, List<String> warnings) {
        SimulationJob.Builder job = SimulationJob.builder().name(name).jobQueue(jobQueue);

        JsonNode max = req.path("maxJobDurationInSeconds");
        if (!max.canConvertToLong() || !max.isIntegralNumber()) {
            throw new TraeValidationException("maxJobDurationInSeconds", "is required and must be a whole number of seconds");
        }
        long seconds = max.asLong();
        if (seconds < 1 || seconds > SimulationJob.MAX_DURATION.toSeconds()) {
            throw new TraeValidationException("maxJobDurationInSeconds", "must be between 1 and 1209600 (14 days), was " + seconds);
        }
        if (seconds < 60) {
            warnings.add("maxJobDurationInSeconds " + seconds + " raised to 60: AWS Batch's shortest attempt timeout");
            seconds = 60;
        }
        job.maxJobDuration(Duration.ofSeconds(seconds));
        job.iamRole(text(req, "iamRole"));

        JsonNode out = req.path("outputLocation");
        if (out.isObject()) {
            String bucket = out.path("s3Bucket").asText("");
            if (!bucket.isEmpty()) {
                job.outputLocation(OutputPaths.of(bucket, out.path("s3Prefix").asText("")));
            } else {
                warnings.add("outputLocation without s3Bucket ignored");
            }
        }

        JsonNode robots = req.path("robotApplications");
        JsonNode sims = req.path("simulationApplications");
        int robotCount = arraySize(robots, "robotApplications");
        int simCount = arraySize(sims, "simulationApplications");
        if (robotCount + simCount == 0) {
            throw new TraeValidationException("robotApplications", "a CreateSimulationJob request needs a robot or a simulation application");
        }
        if (robotCount > 1 || simCount > 1) {
            throw new TraeValidationException(robotCount > 1 ? "robotApplications" : "simulationApplications",
                    "RoboMaker accepted at most one application of each kind");
        }
        if (robotCount == 1) {
            job.robotApplication(application(robots.get(0), "robotApplications[0]", warnings));
        }
        if (simCount == 1) {
            JsonNode sim = sims.get(0);
            if (sim.path("worldConfigs").size() > 0) {
                warnings.add("simulationApplications[0].worldConfigs: Simulation WorldForge worlds are not available on Batch; "
                        + "bake the world into the simulation image");
            }
            job.simulationApplication(application(sim, "simulationApplications[0]", warnings));
        }

        JsonNode sources = req.path("dataSources");
        if (!sources.isMissingNode() && !sources.isNull()) {
            if (!sources.isArray()) {
                throw new TraeValidationException("dataSources", "must be an array");
            }
            int i = 0;
            for (JsonNode ds : sources) {
                dataSource(ds, "dataSources[" + i++ + "]", warnings).ifPresent(job::dataSource);
            }
        }

        String failure = req.path("failureBehavior").asText("Fail");
        if (!failure.equals("Fail")) {
            warnings.add("failureBehavior " + Checks.show(failure) + " has no Batch equivalent: a failed Batch job always stops its containers");
        }
        if (req.path("loggingConfig").path("recordAllRosTopics").asBoolean(false)) {
            warnings.add("loggingConfig.recordAllRosTopics: Batch does not record ROS topics; record a bag in the container "
                    + "and write it to TRAE_OUTPUT_URI");
        }
        if (req.has("vpcConfig")) {
            warnings.add("vpcConfig: subnets and security groups belong to the Batch compute environment of the job queue, not to the job");
        }
        JsonNode compute = req.path("compute");
        if (compute.isObject()) {
            applyCompute(compute, job, warnings);
        }
        JsonNode tags = req.path("tags");
        if (tags.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> t = it.next();
                if (t.getKey().startsWith("aws:")) {
                    warnings.add("tag " + Checks.show(t.getKey()) + " dropped: the aws: prefix is reserved");
                } else {
                    job.tag(t.getKey(), t.getValue().asText());
                }
            }
        }
        String token = req.path("clientRequestToken").asText("");
        if (!token.isEmpty()) {
            if (!token.matches("[a-zA-Z0-9_\\-=]{1,64}")) {
                throw new TraeValidationException("clientRequestToken", "must be 1 to 64 characters of letters, digits, '_', '-', '='");
            }
            job.tag("trae-client-request-token", token);
            warnings.add("clientRequestToken: Batch SubmitJob is not idempotent by token; SimulationClient instead finds a job "
                    + "whose submission answer was lost, and resume(jobId) never submits twice. The token is kept as a tag");
        }
        SimulationJob built = job.build();
        BatchSubmission submission = BatchMapping.submission(built, jobQueue, List.of(), "migration");
        return new Result(built, submission, warnings);
    }

    private Application application(JsonNode app, String path, List<String> warnings) {
        if (!app.isObject()) {
            throw new TraeValidationException(path, "must be an object");
        }
        for (Iterator<String> it = app.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!KNOWN_APP.contains(f)) {
                warnings.add(path + ": unknown field " + Checks.show(f) + " ignored");
            }
        }
        String arn = text(app, "application", path + ".application");
        String version = app.path("applicationVersion").asText("");
        String image = Optional.ofNullable(images.get(arn + ":" + version)).orElse(images.get(arn));
        if (image == null) {
            throw new TraeValidationException(path + ".application", "no container image mapped for " + Checks.show(arn, 256)
                    + "; map it with RoboMakerMigration.builder().image(applicationArn, imageUri)");
        }
        JsonNode launch = app.path("launchConfig");
        if (!launch.isObject()) {
            throw new TraeValidationException(path + ".launchConfig", "is required");
        }
        Application.Builder b = Application.builder().image(image);
        String pkg = launch.path("packageName").asText(null);
        String file = launch.path("launchFile").asText(null);
        if (pkg != null) {
            b.packageName(pkg);
        }
        if (file != null) {
            b.launchFile(file);
        }
        JsonNode command = launch.path("command");
        if (command.isArray() && command.size() > 0) {
            List<String> cmd = new ArrayList<>();
            command.forEach(c -> cmd.add(c.asText()));
            b.command(cmd);
        }
        b.rosVersion(rosGeneration != null ? rosGeneration
                : file != null && file.endsWith(".launch") ? RosGeneration.ROS1 : RosGeneration.ROS2);
        JsonNode env = launch.path("environmentVariables");
        if (env.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode()) {
                    throw new TraeValidationException(path + ".launchConfig.environmentVariables", "values must be strings");
                }
                b.environment(e.getKey(), e.getValue().asText());
            }
        } else if (!env.isMissingNode() && !env.isNull()) {
            throw new TraeValidationException(path + ".launchConfig.environmentVariables", "must be an object");
        }
        if (launch.has("portForwardingConfig")) {
            warnings.add(path + ".launchConfig.portForwardingConfig: Batch has no port forwarding; use ECS Exec or a VPN into the job's VPC");
        }
        if (launch.path("streamUI").asBoolean(false)) {
            warnings.add(path + ".launchConfig.streamUI: Batch has no simulation GUI streaming");
        }
        if (app.path("uploadConfigurations").size() > 0 || app.path("useDefaultUploadConfigurations").asBoolean(false)) {
            warnings.add(path + ".uploadConfigurations: not applied; containers upload their files to $TRAE_OUTPUT_URI/$AWS_BATCH_JOB_ID/");
        }
        if (app.path("tools").size() > 0 || app.path("useDefaultTools").asBoolean(false)) {
            warnings.add(path + ".tools: RoboMaker tools (rviz, rqt, terminal) are not available on Batch");
        }
        try {
            return b.build();
        } catch (TraeValidationException e) {
            throw new TraeValidationException(path + ".launchConfig." + e.parameter(), e.getMessage());
        }
    }

    private static Optional<DataSource> dataSource(JsonNode ds, String path, List<String> warnings) {
        String dsName = ds.path("name").asText("");
        String bucket = ds.path("s3Bucket").asText("");
        JsonNode keys = ds.path("s3Keys");
        if (bucket.isEmpty() && (!keys.isArray() || keys.isEmpty())) {
            // not a RoboMaker input (seen in hand-written requests: type LOG/UPLOAD with an s3:// destination)
            warnings.add(path + " " + Checks.show(dsName) + " has no s3Bucket and s3Keys (type " + Checks.show(ds.path("type").asText(""))
                    + "): not a RoboMaker input, dropped. Logs go to CloudWatch Logs; outputs to the output location");
            return Optional.empty();
        }
        if (bucket.isEmpty() || !keys.isArray() || keys.isEmpty()) {
            throw new TraeValidationException(path, "needs both s3Bucket and s3Keys");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode k : keys) {
            list.add(k.isObject() ? k.path("s3Key").asText("") : k.asText(""));
        }
        DataSource.Type type = ds.has("type") ? DataSource.Type.parse(ds.path("type").asText()) : DataSource.Type.PREFIX;
        String destination = ds.path("destination").asText("/opt/robomaker/datasources/" + dsName);
        return Optional.of(new DataSource(dsName, bucket, list, type, destination));
    }

    private static void applyCompute(JsonNode compute, SimulationJob.Builder job, List<String> warnings) {
        // applied after the applications exist: rebuild the simulation container with the unit limit
        JsonNode su = compute.path("simulationUnitLimit");
        SimulationJob probe;
        try {
            probe = job.build();
        } catch (TraeValidationException e) {
            return; // reported by the final build
        }
        if (su.canConvertToInt() && su.asInt() > 0) {
            int units = Math.min(su.asInt(), 64);
            Optional<Application> target = probe.simulationApplication().or(probe::robotApplication);
            Application resized = target.get().toBuilder().vcpus(units).memoryMiB(units * 2048).build();
            if (probe.simulationApplication().isPresent()) {
                job.simulationApplication(resized);
            } else {
                job.robotApplication(resized);
            }
            warnings.add("compute.simulationUnitLimit " + su.asInt() + " mapped to " + units + " vCPU and " + units * 2048
                    + " MiB on the " + (probe.simulationApplication().isPresent() ? "simulation" : "robot")
                    + " container (1 unit = 1 vCPU + 2 GiB)");
        }
        String type = compute.path("computeType").asText("CPU");
        if (!type.equals("CPU") || compute.has("gpuUnitLimit")) {
            warnings.add("compute.computeType " + Checks.show(type) + ": run the job queue on a GPU compute environment; "
                    + "GPU resource requirements are not added automatically");
        }
    }

    private static int arraySize(JsonNode n, String path) {
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (!n.isArray()) {
            throw new TraeValidationException(path, "must be an array");
        }
        return n.size();
    }

    private static String text(JsonNode n, String field) {
        return text(n, field, field);
    }

    private static String text(JsonNode n, String field, String path) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new TraeValidationException(path, "is required and must be a string");
        }
        return v.asText();
    }

    /** Builder of {@link RoboMakerMigration}. */
    public static final class Builder {
        private final Map<String, String> images = new LinkedHashMap<>();
        private String name = "robomaker-migrated";
        private String jobQueue;
        private RosGeneration rosGeneration;

        private Builder() {
        }

        /**
         * The container image that replaces a RoboMaker application. The key is the application ARN, or
         * {@code arn:version} for one version only.
         */
        public Builder image(String applicationArn, String imageUri) {
            InputChecks.text("applicationArn", applicationArn, 1224);
            images.put(applicationArn, Application.checkImage("imageUri", imageUri));
            return this;
        }

        /** The simulation (and Batch job) name; default {@code robomaker-migrated}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The Batch job queue to submit to. Required. */
        public Builder jobQueue(String queue) {
            this.jobQueue = queue;
            return this;
        }

        /** Forces ROS 1 or ROS 2 launching; by default {@code .launch} files mean ROS 1, others ROS 2. */
        public Builder rosGeneration(RosGeneration generation) {
            this.rosGeneration = generation;
            return this;
        }

        public RoboMakerMigration build() {
            return new RoboMakerMigration(this);
        }
    }
}
