package dev.trae.testkit.aws.sagemaker;

import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of SageMaker training (AWS JSON 1.1, target prefix {@code SageMaker}):
 * {@code CreateTrainingJob}, {@code DescribeTrainingJob}, {@code StopTrainingJob} and
 * {@code DescribeHubContent} on {@code SageMakerPublicHub}.
 *
 * <p>A job advances one step per {@code DescribeTrainingJob}: secondary status {@code Starting},
 * {@code Downloading}, {@code Training} (for {@link #trainingPolls(int)} polls, logging {@code epoch N train:loss=X}),
 * {@code Uploading}, then {@code Completed} with model artifacts and billable seconds (the phases of
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html, each poll one simulated
 * minute). Training logs go to a {@link CloudWatchLogsFake} when one is attached. Thread-safe.
 *
 * <p>As on SageMaker, a custom container's metrics exist only for the {@code MetricDefinitions} of the request:
 * {@code FinalMetricDataList} holds the last value each definition's regex captured from the job's log lines, and
 * nothing without definitions (https://docs.aws.amazon.com/sagemaker/latest/dg/training-metrics.html). At most 40
 * definitions, names up to 255 and regexes up to 500 characters, else {@code ValidationException}
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MetricDefinition.html). A channel reading a gated
 * model's artifacts ({@link #GATED_MODEL_ID}) without {@code ModelAccessConfig.AcceptEula=true} is refused
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelAccessConfig.html).
 */
public final class SageMakerFake implements FakeService {
    /** The log group SageMaker writes training logs to. */
    public static final String LOG_GROUP = "/aws/sagemaker/TrainingJobs";
    /** A JumpStart model id the fake knows by default (a Neuron/Trainium Llama fine-tuning model). */
    public static final String DEFAULT_MODEL_ID = "meta-textgenerationneuron-llama-2-7b";
    /** A gated JumpStart model (its artifacts need the EULA accepted). */
    public static final String GATED_MODEL_ID = "meta-textgeneration-llama-3-8b";
    /** The bucket of gated artifacts. */
    public static final String GATED_BUCKET = "s3://jumpstart-private-cache-prod-us-east-1/";
    private static final int SIMULATED_SECONDS_PER_POLL = 60;

    private static final class Job {
        final String name;
        final ObjectNode request;
        final Instant created = Instant.now();
        final List<ObjectNode> transitions = new ArrayList<>();
        final String failAt;
        final String failReason;
        final String logStream;
        int polls;
        String status = "InProgress";
        String secondary = "Starting";
        String failure;
        final List<String> logLines = new ArrayList<>();
        boolean stopRequested;
        int trainingPolls;

        Job(String name, ObjectNode request, String failAt, String failReason) {
            this.name = name;
            this.request = request;
            this.failAt = failAt;
            this.failReason = failReason;
            this.logStream = name + "/algo-1-" + created.getEpochSecond();
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> hubDocuments = new ConcurrentHashMap<>();
    private final CloudWatchLogsFake logs;
    private volatile int trainingPolls = 4;
    private volatile String failNextAt;
    private volatile String failNextReason;

    /** A fake without logs. */
    public SageMakerFake() {
        this(null);
    }

    /** A fake that writes each job's log lines to {@code logs}. */
    public SageMakerFake(CloudWatchLogsFake logs) {
        this.logs = logs;
        ObjectNode doc = Json.object();
        doc.put("Url", "https://example.invalid/llama-2-7b").put("TrainingSupported", true)
                .put("TrainingEcrUri", Ec2Fake.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/pytorch-training-neuronx:2.1.2-neuronx-py310")
                .put("TrainingArtifactUri", "s3://jumpstart-cache-us-east-1/meta-training/neuron/llama-2-7b/artifacts/")
                .put("TrainingScriptUri", "s3://jumpstart-cache-us-east-1/source-directory-tarballs/meta/transfer_learning/textgenerationneuron/v1.0.0/sourcedir.tar.gz")
                .put("DefaultTrainingInstanceType", "ml.trn1.32xlarge");
        ArrayNode types = doc.putArray("SupportedTrainingInstanceTypes");
        types.add("ml.trn1.2xlarge").add("ml.trn1.32xlarge").add("ml.trn1n.32xlarge");
        ArrayNode hp = doc.putArray("Hyperparameters");
        hp.addObject().put("Name", "max_steps").put("Type", "int").put("Default", "20").put("Scope", "algorithm");
        hp.addObject().put("Name", "learning_rate").put("Type", "float").put("Default", "0.0001").put("Scope", "algorithm");
        hp.addObject().put("Name", "sagemaker_program").put("Type", "text").put("Default", "transfer_learning.py").put("Scope", "container");
        ArrayNode metrics = doc.putArray("TrainingMetrics");
        metrics.addObject().put("Name", "epoch").put("Regex", "epoch ([0-9]+) train");
        metrics.addObject().put("Name", "train:loss").put("Regex", "train:loss=([0-9.]+)");
        hubModel(DEFAULT_MODEL_ID, doc);
        ObjectNode gated = doc.deepCopy();
        gated.put("GatedBucket", true).put("HostingEulaUri", GATED_BUCKET + "fmhMetadata/eula/llama3Eula.txt")
                .put("TrainingArtifactUri", GATED_BUCKET + "meta-training/llama-3-8b/artifacts/")
                .put("TrainingEcrUri", Ec2Fake.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:2.0.0-gpu-py310");
        gated.putArray("SupportedTrainingInstanceTypes").add("ml.g5.12xlarge").add("ml.p4d.24xlarge");
        hubModel(GATED_MODEL_ID, gated);
    }

    @Override
    public void install(FakeAwsServer server) {
        server.json("CreateTrainingJob", this::create);
        server.json("DescribeTrainingJob", this::describe);
        server.json("StopTrainingJob", this::stop);
        server.json("DescribeHubContent", this::hubContent);
        server.validate("DescribeTrainingJob", NAMED_JOB.apply("DescribeTrainingJobRequest"))
                .validate("StopTrainingJob", NAMED_JOB.apply("StopTrainingJobRequest")).validate("DescribeHubContent", HUB_CONTENT);
    }

    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html and API_StopTrainingJob.html
    private static final java.util.function.Function<String, dev.trae.testkit.wire.RequestCheck> NAMED_JOB = model ->
            dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.sagemaker.model." + model,
                    c -> c.required("TrainingJobName").length("TrainingJobName", 1, 63).pattern("TrainingJobName", "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"));
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeHubContent.html (HubContentType enum from the SDK model)
    private static final dev.trae.testkit.wire.RequestCheck HUB_CONTENT = dev.trae.testkit.wire.SdkModelCheck.ifPresent(
            "software.amazon.awssdk.services.sagemaker.model.DescribeHubContentRequest", c -> c.required("HubName", "HubContentType", "HubContentName")
                    .length("HubContentName", 0, 63).pattern("HubContentName", "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
                    .length("HubContentVersion", 5, 14).pattern("HubContentVersion", "\\d{1,4}.\\d{1,4}.\\d{1,4}"));

    /** How many polls the {@code Training} phase lasts (default 4). */
    public SageMakerFake trainingPolls(int n) {
        this.trainingPolls = Math.max(1, n);
        return this;
    }

    /** The next job created fails when it reaches {@code secondaryStatus} (such as "Training"), with {@code reason}. */
    public SageMakerFake failNextJob(String secondaryStatus, String reason) {
        this.failNextAt = Objects.requireNonNull(secondaryStatus);
        this.failNextReason = Objects.requireNonNull(reason);
        return this;
    }

    /** Adds a model to the public hub: its HubContentDocument. */
    public SageMakerFake hubModel(String modelId, ObjectNode document) {
        hubDocuments.put(modelId, document.deepCopy());
        return this;
    }

    /** The CreateTrainingJob request of a job, as received. */
    public JsonNode createRequest(String jobName) {
        Job j = jobs.get(jobName);
        if (j == null) {
            throw new IllegalArgumentException("no job " + jobName);
        }
        return j.request.deepCopy();
    }

    /** Names of the jobs created so far. */
    public List<String> jobNames() {
        return List.copyOf(jobs.keySet());
    }

    /** The overall status of a job (InProgress, Completed, Failed, Stopping, Stopped). */
    public String status(String jobName) {
        Job j = jobs.get(jobName);
        synchronized (j) {
            return j.status;
        }
    }

    // CreateTrainingJob against the SDK model (enums such as TrainingInputMode and InstanceType, member types) plus the
    // API reference's name limits: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html
    private static final java.util.Optional<dev.trae.testkit.wire.SdkModelCheck> CREATE_CHECK = createCheck();

    private static java.util.Optional<dev.trae.testkit.wire.SdkModelCheck> createCheck() {
        try {
            return java.util.Optional.of(dev.trae.testkit.wire.SdkModelCheck.of(Class.forName(
                    "software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest").asSubclass(software.amazon.awssdk.core.SdkPojo.class))
                    .length("TrainingJobName", 1, 63).pattern("TrainingJobName", "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
                    .length("RoleArn", 20, 2048));
        } catch (ClassNotFoundException | LinkageError e) {
            return java.util.Optional.empty();
        }
    }

    private FakeResponse create(FakeRequest req) {
        java.util.Optional<FakeResponse> invalid = CREATE_CHECK.flatMap(c -> c.checkJson(req.json()));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        ObjectNode r = (ObjectNode) req.json();
        String name = r.path("TrainingJobName").asText("");
        List<String> missing = new ArrayList<>();
        if (name.isEmpty()) {
            missing.add("TrainingJobName");
        }
        if (r.path("RoleArn").asText("").isEmpty()) {
            missing.add("RoleArn");
        }
        JsonNode alg = r.path("AlgorithmSpecification");
        if (alg.path("TrainingImage").asText("").isEmpty() && alg.path("AlgorithmName").asText("").isEmpty()) {
            missing.add("AlgorithmSpecification.TrainingImage");
        }
        if (r.path("OutputDataConfig").path("S3OutputPath").asText("").isEmpty()) {
            missing.add("OutputDataConfig.S3OutputPath");
        }
        if (r.path("ResourceConfig").path("InstanceType").asText("").isEmpty()) {
            missing.add("ResourceConfig.InstanceType");
        }
        if (!r.path("StoppingCondition").has("MaxRuntimeInSeconds")) {
            missing.add("StoppingCondition.MaxRuntimeInSeconds");
        }
        if (!missing.isEmpty()) {
            return FakeResponse.error(400, "ValidationException", "missing required fields: " + missing);
        }
        JsonNode defs = alg.path("MetricDefinitions");
        if (defs.size() > 40) {
            return FakeResponse.error(400, "ValidationException", "1 validation error detected: Value at 'algorithmSpecification.metricDefinitions' "
                    + "failed to satisfy constraint: Member must have length less than or equal to 40");
        }
        for (JsonNode d : defs) {
            String n = d.path("Name").asText("");
            String rx = d.path("Regex").asText("");
            if (n.isEmpty() || n.length() > 255 || rx.isEmpty() || rx.length() > 500) {
                return FakeResponse.error(400, "ValidationException", "1 validation error detected: metric definition '" + n
                        + "' needs a Name of 1-255 and a Regex of 1-500 characters");
            }
        }
        // Where AWS refuses a gated model without the EULA: at CreateTrainingJob, synchronously. ModelAccessConfig
        // (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelAccessConfig.html) says AcceptEula "must be
        // explicitly defined as True in order to accept the EULA that this model requires"; the SageMaker Python SDK's
        // maintainers state that "all eula validation will happen in the training control plane"
        // (https://github.com/aws/sagemaker-python-sdk/pull/5070), i.e. in CreateTrainingJob, whose invalid-input answer is
        // ValidationException (https://docs.aws.amazon.com/sagemaker/latest/APIReference/CommonErrors.html). The reference
        // does not document the message; the fake's is its own.
        for (JsonNode ch : r.path("InputDataConfig")) {
            JsonNode src = ch.path("DataSource").path("S3DataSource");
            if (src.path("S3Uri").asText("").startsWith(GATED_BUCKET) && !src.path("ModelAccessConfig").path("AcceptEula").asBoolean(false)) {
                return FakeResponse.error(400, "ValidationException", "Channel " + ch.path("ChannelName").asText() + " reads a gated model: "
                        + "accept its end-user license agreement with ModelAccessConfig.AcceptEula=true");
            }
        }
        if (r.path("EnableManagedSpotTraining").asBoolean(false) && !r.path("StoppingCondition").has("MaxWaitTimeInSeconds")) {
            return FakeResponse.error(400, "ValidationException", "MaxWaitTimeInSeconds is required for managed spot training");
        }
        String failAt;
        String reason;
        synchronized (this) {
            failAt = failNextAt;
            reason = failNextReason;
            failNextAt = null;
            failNextReason = null;
        }
        Job j = new Job(name, r, failAt, reason);
        j.trainingPolls = trainingPolls;
        if (jobs.putIfAbsent(name, j) != null) {
            return FakeResponse.error(400, "ResourceInUse", "Training job names must be unique within an AWS account and region, and a training job with this name already exists (" + name + ")");
        }
        transition(j, "Starting", "Launching requested ML instances");
        return FakeResponse.json(Json.object().put("TrainingJobArn", arn(name)));
    }

    private static String arn(String name) {
        return "arn:aws:sagemaker:us-east-1:" + Ec2Fake.ACCOUNT + ":training-job/" + name.toLowerCase(java.util.Locale.ROOT);
    }

    private void transition(Job j, String status, String message) {
        long now = j.created.getEpochSecond() + (long) j.polls * SIMULATED_SECONDS_PER_POLL;
        if (!j.transitions.isEmpty()) {
            ObjectNode last = j.transitions.get(j.transitions.size() - 1);
            if (last.path("Status").asText().equals(status)) {
                last.put("StatusMessage", message);
                log(j, message);
                return;
            }
            last.put("EndTime", now);
        }
        j.transitions.add(Json.object().put("Status", status).put("StartTime", now).put("StatusMessage", message));
        j.secondary = status;
        log(j, message);
    }

    private void log(Job j, String line) {
        j.logLines.add(line);
        if (logs != null) {
            logs.append(LOG_GROUP, j.logStream, line);
        }
    }

    /** Moves a job one step. Called under the job's lock. */
    private void advance(Job j) {
        if (j.status.equals("Completed") || j.status.equals("Failed") || j.status.equals("Stopped")) {
            return;
        }
        j.polls++;
        if (j.stopRequested) {
            if (j.status.equals("Stopping")) {
                j.status = "Stopped";
                transition(j, "Stopped", "Training job stopped");
            } else {
                j.status = "Stopping";
                transition(j, "Stopping", "Stopping the training job");
            }
            return;
        }
        int t = j.trainingPolls;
        String next;
        String msg;
        if (j.polls == 1) {
            next = "Starting";
            msg = "Preparing the instances for training";
        } else if (j.polls == 2) {
            next = "Downloading";
            msg = "Downloading input data";
        } else if (j.polls <= 2 + t) {
            next = "Training";
            int epoch = j.polls - 2;
            msg = "Training image download completed. Training in progress. epoch " + epoch + "/" + t;
        } else if (j.polls == 3 + t) {
            next = "Uploading";
            msg = "Uploading generated training model";
        } else {
            next = "Completed";
            msg = "Training job completed";
        }
        if (j.failAt != null && j.failAt.equals(next)) {
            j.status = "Failed";
            j.failure = j.failReason;
            transition(j, "Failed", "Training job failed. Reason: " + j.failReason);
            return;
        }
        transition(j, next, msg);
        if (next.equals("Training")) {
            int epoch = j.polls - 2;
            log(j, String.format(java.util.Locale.ROOT, "epoch %d train:loss=%.4f", epoch, loss(epoch)));
        }
        if (next.equals("Completed")) {
            j.status = "Completed";
        }
    }

    /** The last value each of the job's metric definitions captured from its log lines. */
    private static Map<String, Double> metrics(Job j) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (JsonNode d : j.request.path("AlgorithmSpecification").path("MetricDefinitions")) {
            java.util.regex.Pattern p;
            try {
                p = java.util.regex.Pattern.compile(d.path("Regex").asText(""));
            } catch (java.util.regex.PatternSyntaxException e) {
                continue;
            }
            for (String line : j.logLines) {
                java.util.regex.Matcher m = p.matcher(line);
                if (m.find() && m.groupCount() >= 1) {
                    try {
                        out.put(d.path("Name").asText(), Double.parseDouble(m.group(1)));
                    } catch (NumberFormatException ignored) {
                        // not a number: SageMaker drops it too
                    }
                }
            }
        }
        return out;
    }

    private static double loss(int epoch) {
        return 2.5 * Math.pow(0.7, epoch);
    }

    private FakeResponse describe(FakeRequest req) {
        String name = req.json().path("TrainingJobName").asText("");
        Job j = jobs.get(name);
        if (j == null) {
            return FakeResponse.error(400, "ValidationException", "Requested resource not found: training job " + name);
        }
        synchronized (j) {
            advance(j);
            ObjectNode o = Json.object();
            o.put("TrainingJobName", j.name).put("TrainingJobArn", arn(j.name)).put("TrainingJobStatus", j.status)
                    .put("SecondaryStatus", j.secondary).put("CreationTime", j.created.getEpochSecond())
                    .put("LastModifiedTime", j.created.getEpochSecond() + (long) j.polls * SIMULATED_SECONDS_PER_POLL);
            for (String k : List.of("AlgorithmSpecification", "RoleArn", "InputDataConfig", "OutputDataConfig", "ResourceConfig",
                    "StoppingCondition", "HyperParameters", "VpcConfig", "CheckpointConfig", "Environment")) {
                if (j.request.has(k)) {
                    o.set(k, j.request.get(k));
                }
            }
            o.put("EnableManagedSpotTraining", j.request.path("EnableManagedSpotTraining").asBoolean(false));
            if (j.failure != null) {
                o.put("FailureReason", j.failure);
            }
            ArrayNode tr = o.putArray("SecondaryStatusTransitions");
            j.transitions.forEach(tr::add);
            Map<String, Double> found = metrics(j);
            if (!found.isEmpty()) {
                long ts = j.created.getEpochSecond() + (long) j.polls * SIMULATED_SECONDS_PER_POLL;
                ArrayNode m = o.putArray("FinalMetricDataList");
                found.forEach((k, v) -> m.addObject().put("MetricName", k).put("Value", v).put("Timestamp", ts));
            }
            boolean ended = !j.status.equals("InProgress") && !j.status.equals("Stopping");
            if (ended) {
                long trainingSeconds = (long) Math.max(1, j.polls) * SIMULATED_SECONDS_PER_POLL;
                boolean spot = j.request.path("EnableManagedSpotTraining").asBoolean(false);
                o.put("TrainingTimeInSeconds", trainingSeconds);
                o.put("BillableTimeInSeconds", spot ? Math.max(1, Math.round(trainingSeconds * 0.3)) : trainingSeconds);
                o.put("TrainingStartTime", j.created.getEpochSecond() + SIMULATED_SECONDS_PER_POLL);
                o.put("TrainingEndTime", j.created.getEpochSecond() + trainingSeconds);
            }
            if (j.status.equals("Completed")) {
                String out = j.request.path("OutputDataConfig").path("S3OutputPath").asText();
                o.putObject("ModelArtifacts").put("S3ModelArtifacts", (out.endsWith("/") ? out : out + "/") + j.name + "/output/model.tar.gz");
            }
            return FakeResponse.json(o);
        }
    }

    private FakeResponse stop(FakeRequest req) {
        String name = req.json().path("TrainingJobName").asText("");
        Job j = jobs.get(name);
        if (j == null) {
            return FakeResponse.error(400, "ValidationException", "Requested resource not found: training job " + name);
        }
        synchronized (j) {
            if (!j.status.equals("InProgress")) {
                return FakeResponse.error(400, "ValidationException", "The training job " + name + " is " + j.status + " and cannot be stopped");
            }
            j.stopRequested = true;
        }
        return FakeResponse.json(Json.object());
    }

    private FakeResponse hubContent(FakeRequest req) {
        JsonNode r = req.json();
        String hub = r.path("HubName").asText("");
        String type = r.path("HubContentType").asText("");
        String id = r.path("HubContentName").asText("");
        if (!hub.equals("SageMakerPublicHub")) {
            return FakeResponse.error(400, "ResourceNotFound", "Hub " + hub + " does not exist");
        }
        if (!type.equals("Model")) {
            return FakeResponse.error(400, "ValidationException", "HubContentType must be Model in the Trae Local fake");
        }
        ObjectNode doc = hubDocuments.get(id);
        if (doc == null) {
            return FakeResponse.error(400, "ResourceNotFound", "Hub content " + id + " does not exist in " + hub);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("HubContentName", id);
        out.put("HubContentArn", "arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/" + id + "/2.0.0");
        out.put("HubContentVersion", r.path("HubContentVersion").asText("2.0.0"));
        out.put("HubContentType", "Model");
        out.put("DocumentSchemaVersion", "2.2.0");
        out.put("HubName", hub);
        out.put("HubArn", "arn:aws:sagemaker:us-east-1:aws:hub/SageMakerPublicHub");
        out.put("HubContentDisplayName", id);
        out.put("HubContentDocument", doc.toString());
        out.put("HubContentStatus", "Available");
        out.put("CreationTime", Instant.parse("2024-01-01T00:00:00Z").getEpochSecond());
        return FakeResponse.json(out);
    }
}
