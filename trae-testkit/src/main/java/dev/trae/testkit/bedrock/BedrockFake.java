package dev.trae.testkit.bedrock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.FakeAwsServer;
import dev.trae.testkit.FakeRequest;
import dev.trae.testkit.FakeResponse;
import dev.trae.testkit.FakeService;
import dev.trae.testkit.Json;

/**
 * Trae Local fake of the Amazon Bedrock control plane (REST-JSON): {@code ListFoundationModels}
 * ({@code GET /foundation-models}, with the {@code byProvider}, {@code byOutputModality},
 * {@code byInferenceType} and {@code byCustomizationType} filters and {@code modelLifecycle}),
 * {@code GetFoundationModel}, {@code ListInferenceProfiles} (system profiles for the caller's
 * geography, read from the SigV4 credential scope: {@code us.}, {@code eu.}, {@code apac.} plus
 * {@code global.}), and {@code CreateModelCustomizationJob} / {@code GetModelCustomizationJob}.
 *
 * <p>A customization job advances one step per {@code GetModelCustomizationJob}: validation, data
 * processing, training (for {@link #trainingPolls(int)} polls, with a falling training loss), then
 * {@code Completed} with an output model ARN; {@link #failNextJob(String)} makes the next job fail in
 * validation. The default catalog holds current Nova, Nova 2, Claude and image models, some LEGACY.
 * Thread-safe.
 */
public final class BedrockFake implements FakeService {
    static final String ACCOUNT = "123456789012";

    /** A foundation model of the fake catalog. */
    public record Model(String modelId, String providerName, String modelName, List<String> inputModalities,
                       List<String> outputModalities, boolean streaming, List<String> inferenceTypes,
                       List<String> customizations, String lifecycle) {
        public Model {
            Objects.requireNonNull(modelId);
            inputModalities = List.copyOf(inputModalities);
            outputModalities = List.copyOf(outputModalities);
            inferenceTypes = List.copyOf(inferenceTypes);
            customizations = List.copyOf(customizations);
        }

        /** The same model with another lifecycle status (ACTIVE or LEGACY). */
        public Model withLifecycle(String status) {
            return new Model(modelId, providerName, modelName, inputModalities, outputModalities, streaming, inferenceTypes,
                    customizations, status);
        }
    }

    private static final class Job {
        final String arn;
        final String name;
        final ObjectNode request;
        final Instant created = Instant.now();
        final String failure;
        int polls;
        String status = "InProgress";
        String outputModelArn;
        Instant ended;

        Job(String arn, String name, ObjectNode request, String failure) {
            this.arn = arn;
            this.name = name;
            this.request = request;
            this.failure = failure;
        }
    }

    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Set<String> noProfiles = ConcurrentHashMap.newKeySet();
    private volatile int trainingPolls = 3;
    private volatile String nextFailure;

    public BedrockFake() {
        List<String> text = List.of("TEXT");
        List<String> textImage = List.of("TEXT", "IMAGE");
        List<String> multi = List.of("TEXT", "IMAGE", "VIDEO");
        List<String> onDemandAndProfile = List.of("ON_DEMAND", "INFERENCE_PROFILE");
        put(new Model("amazon.nova-micro-v1:0", "Amazon", "Nova Micro", text, text, true, onDemandAndProfile, List.of("FINE_TUNING"), "ACTIVE"));
        put(new Model("amazon.nova-lite-v1:0", "Amazon", "Nova Lite", multi, text, true, onDemandAndProfile, List.of("FINE_TUNING", "DISTILLATION"), "ACTIVE"));
        put(new Model("amazon.nova-pro-v1:0", "Amazon", "Nova Pro", multi, text, true, onDemandAndProfile, List.of("FINE_TUNING", "DISTILLATION"), "ACTIVE"));
        put(new Model("amazon.nova-2-lite-v1:0", "Amazon", "Nova 2 Lite", multi, text, true, List.of("INFERENCE_PROFILE"), List.of(), "ACTIVE"));
        put(new Model("amazon.nova-canvas-v1:0", "Amazon", "Nova Canvas", textImage, List.of("IMAGE"), false, List.of("ON_DEMAND"), List.of(), "ACTIVE"));
        put(new Model("amazon.titan-image-generator-v2:0", "Amazon", "Titan Image Generator G1 v2", textImage, List.of("IMAGE"), false, List.of("ON_DEMAND"), List.of(), "LEGACY"));
        put(new Model("amazon.titan-text-express-v1", "Amazon", "Titan Text G1 - Express", text, text, true, List.of("ON_DEMAND"), List.of("FINE_TUNING"), "LEGACY"));
        put(new Model("anthropic.claude-3-haiku-20240307-v1:0", "Anthropic", "Claude 3 Haiku", textImage, text, true, onDemandAndProfile, List.of("FINE_TUNING"), "LEGACY"));
        put(new Model("anthropic.claude-3-5-haiku-20241022-v1:0", "Anthropic", "Claude 3.5 Haiku", text, text, true, List.of("INFERENCE_PROFILE"), List.of(), "ACTIVE"));
        put(new Model("anthropic.claude-sonnet-4-20250514-v1:0", "Anthropic", "Claude Sonnet 4", textImage, text, true, List.of("INFERENCE_PROFILE"), List.of(), "ACTIVE"));
    }

    /** Adds or replaces a model. */
    public BedrockFake put(Model model) {
        models.put(model.modelId(), model);
        return this;
    }

    /** Changes a model's lifecycle status (ACTIVE or LEGACY). */
    public BedrockFake lifecycle(String modelId, String status) {
        Model m = models.get(modelId);
        if (m == null) {
            throw new IllegalArgumentException("no model " + modelId);
        }
        models.put(modelId, m.withLifecycle(status));
        return this;
    }

    /** Removes a model, as happens at end of life. */
    public BedrockFake remove(String modelId) {
        models.remove(modelId);
        return this;
    }

    /** Whether the fake knows a model. */
    public boolean has(String modelId) {
        return models.containsKey(modelId);
    }

    /** Polls a job spends in the Training phase (default 3). */
    public BedrockFake trainingPolls(int polls) {
        this.trainingPolls = Math.max(1, polls);
        return this;
    }

    /** The next created job fails during validation with this message. */
    public BedrockFake failNextJob(String message) {
        this.nextFailure = Objects.requireNonNull(message);
        return this;
    }

    /** The create requests of every job, by job name. */
    public Map<String, JsonNode> jobRequests() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        jobs.values().forEach(j -> out.put(j.name, j.request.deepCopy()));
        return out;
    }

    @Override
    public void install(FakeAwsServer server) {
        server.rest("ListFoundationModels", "GET", "/foundation-models", this::listModels);
        server.rest("GetFoundationModel", "GET", "/foundation-models/{modelIdentifier}", this::getModel);
        server.rest("ListInferenceProfiles", "GET", "/inference-profiles", this::listProfiles);
        server.rest("CreateModelCustomizationJob", "POST", "/model-customization-jobs", this::createJob);
        server.rest("GetModelCustomizationJob", "GET", "/model-customization-jobs/{jobIdentifier}", this::getJob);
    }

    private static String region(FakeRequest req) {
        return req.header("Authorization").map(a -> {
            int i = a.indexOf("Credential=");
            if (i < 0) {
                return null;
            }
            String[] parts = a.substring(i + 11).split("[/,]");
            return parts.length > 2 ? parts[2] : null;
        }).orElse("us-east-1");
    }

    private static String modelArn(String region, String id) {
        return "arn:aws:bedrock:" + region + "::foundation-model/" + id;
    }

    private ObjectNode summary(String region, Model m) {
        ObjectNode n = Json.object();
        n.put("modelArn", modelArn(region, m.modelId()));
        n.put("modelId", m.modelId());
        n.put("modelName", m.modelName());
        n.put("providerName", m.providerName());
        m.inputModalities().forEach(n.putArray("inputModalities")::add);
        m.outputModalities().forEach(n.putArray("outputModalities")::add);
        n.put("responseStreamingSupported", m.streaming());
        m.customizations().forEach(n.putArray("customizationsSupported")::add);
        m.inferenceTypes().forEach(n.putArray("inferenceTypesSupported")::add);
        n.putObject("modelLifecycle").put("status", m.lifecycle());
        return n;
    }

    private FakeResponse listModels(FakeRequest req) {
        String region = region(req);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("modelSummaries");
        models.values().stream().sorted((a, b) -> a.modelId().compareTo(b.modelId())).forEach(m -> {
            if (req.query("byProvider").map(p -> !p.equalsIgnoreCase(m.providerName())).orElse(false)
                    || req.query("byOutputModality").map(o -> !m.outputModalities().contains(o)).orElse(false)
                    || req.query("byInferenceType").map(t -> !m.inferenceTypes().contains(t)).orElse(false)
                    || req.query("byCustomizationType").map(t -> !m.customizations().contains(t)).orElse(false)) {
                return;
            }
            arr.add(summary(region, m));
        });
        return FakeResponse.json(out);
    }

    private Model find(String identifier) {
        String id = identifier.contains("foundation-model/") ? identifier.substring(identifier.indexOf("foundation-model/") + 17) : identifier;
        return models.get(id);
    }

    private FakeResponse getModel(FakeRequest req) {
        Model m = find(req.pathParam("modelIdentifier"));
        if (m == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "The model " + req.pathParam("modelIdentifier")
                    + " was not found or has reached the end of its life.");
        }
        ObjectNode out = Json.object();
        out.set("modelDetails", summary(region(req), m));
        return FakeResponse.json(out);
    }

    private static List<String> geographies(String region) {
        String r = region.toLowerCase(Locale.ROOT);
        String geo = r.startsWith("us-") || r.startsWith("ca-") ? "us" : r.startsWith("eu-") ? "eu"
                : r.startsWith("ap-northeast-1") ? "jp" : r.startsWith("ap-") ? "apac" : "us";
        return geo.equals("jp") ? List.of("jp", "apac", "global") : List.of(geo, "global");
    }

    private static List<String> regionsOf(String geo) {
        switch (geo) {
            case "eu": return List.of("eu-central-1", "eu-west-1", "eu-west-3");
            case "apac": return List.of("ap-southeast-1", "ap-southeast-2", "ap-northeast-1");
            case "jp": return List.of("ap-northeast-1", "ap-northeast-3");
            case "global": return List.of("us-east-1", "eu-central-1", "ap-southeast-1");
            default: return List.of("us-east-1", "us-east-2", "us-west-2");
        }
    }

    /** Models without system inference profiles (for testing on-demand-only resolution). */
    public BedrockFake withoutProfiles(String modelId) {
        noProfiles.add(modelId);
        return this;
    }

    private FakeResponse listProfiles(FakeRequest req) {
        String region = region(req);
        List<ObjectNode> all = new ArrayList<>();
        for (String geo : geographies(region)) {
            models.values().stream().sorted((a, b) -> a.modelId().compareTo(b.modelId()))
                    .filter(m -> m.inferenceTypes().contains("INFERENCE_PROFILE") && !noProfiles.contains(m.modelId()))
                    .filter(m -> !geo.equals("global") || m.providerName().equals("Anthropic") || m.modelId().contains("nova-2"))
                    .forEach(m -> {
                        String id = geo + "." + m.modelId();
                        ObjectNode p = Json.object();
                        p.put("inferenceProfileName", geo.toUpperCase(Locale.ROOT) + " " + m.modelName());
                        p.put("description", "Routes requests to " + m.modelName() + " in " + geo + " regions.");
                        p.put("createdAt", "2024-11-01T00:00:00Z");
                        p.put("updatedAt", "2024-11-01T00:00:00Z");
                        p.put("inferenceProfileArn", "arn:aws:bedrock:" + region + ":" + ACCOUNT + ":inference-profile/" + id);
                        ArrayNode ms = p.putArray("models");
                        for (String r : regionsOf(geo)) {
                            ms.addObject().put("modelArn", modelArn(r, m.modelId()));
                        }
                        p.put("inferenceProfileId", id);
                        p.put("status", "ACTIVE");
                        p.put("type", "SYSTEM_DEFINED");
                        all.add(p);
                    });
        }
        int max = req.query("maxResults").map(Integer::parseInt).orElse(1000);
        int start = req.query("nextToken").map(Integer::parseInt).orElse(0);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("inferenceProfileSummaries");
        int end = Math.min(all.size(), start + max);
        for (int i = start; i < end; i++) {
            arr.add(all.get(i));
        }
        if (end < all.size()) {
            out.put("nextToken", Integer.toString(end));
        }
        return FakeResponse.json(out);
    }

    // ------------------------------------------------------------------ customization jobs

    private FakeResponse createJob(FakeRequest req) {
        JsonNode b = req.json();
        for (String field : List.of("jobName", "customModelName", "roleArn", "baseModelIdentifier")) {
            if (!b.path(field).isTextual() || b.path(field).asText().isBlank()) {
                return FakeResponse.error(400, "ValidationException", field + " is required");
            }
        }
        if (!b.path("trainingDataConfig").path("s3Uri").asText("").startsWith("s3://")
                || !b.path("outputDataConfig").path("s3Uri").asText("").startsWith("s3://")) {
            return FakeResponse.error(400, "ValidationException", "trainingDataConfig.s3Uri and outputDataConfig.s3Uri must be s3:// URIs");
        }
        String token = b.path("clientRequestToken").asText("");
        if (!token.isEmpty() && tokens.containsKey(token)) {
            return FakeResponse.json(201, Map.of("jobArn", tokens.get(token)));
        }
        Model base = find(b.path("baseModelIdentifier").asText());
        if (base == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "base model " + b.path("baseModelIdentifier").asText() + " not found");
        }
        String type = b.path("customizationType").asText("FINE_TUNING");
        if (!base.customizations().contains(type)) {
            return FakeResponse.error(400, "ValidationException", "model " + base.modelId() + " does not support " + type);
        }
        String name = b.path("jobName").asText();
        if (jobs.values().stream().anyMatch(j -> j.name.equals(name))) {
            return FakeResponse.error(409, "ResourceInUseException", "a job named " + name + " already exists");
        }
        String region = region(req);
        String arn = "arn:aws:bedrock:" + region + ":" + ACCOUNT + ":model-customization-job/" + base.modelId() + "/"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String failure = nextFailure;
        nextFailure = null;
        jobs.put(arn, new Job(arn, name, (ObjectNode) b.deepCopy(), failure));
        if (!token.isEmpty()) {
            tokens.put(token, arn);
        }
        return FakeResponse.json(201, Map.of("jobArn", arn));
    }

    private FakeResponse getJob(FakeRequest req) {
        String id = req.pathParam("jobIdentifier");
        Job job = jobs.get(id);
        if (job == null) {
            job = jobs.values().stream().filter(j -> j.name.equals(id)).findFirst().orElse(null);
        }
        if (job == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "no model customization job " + id);
        }
        ObjectNode out;
        synchronized (job) {
            job.polls++;
            String validation;
            String processing = "NotStarted";
            String training = "NotStarted";
            int p = job.polls;
            if (job.failure != null) {
                validation = p >= 2 ? "Failed" : "InProgress";
                if (p >= 2 && job.ended == null) {
                    job.status = "Failed";
                    job.ended = Instant.now();
                }
            } else {
                validation = p >= 2 ? "Completed" : "InProgress";
                if (p >= 2) {
                    processing = p >= 3 ? "Completed" : "InProgress";
                }
                if (p >= 3) {
                    training = p >= 3 + trainingPolls ? "Completed" : "InProgress";
                }
                if (p >= 3 + trainingPolls && job.ended == null) {
                    job.status = "Completed";
                    job.ended = Instant.now();
                    job.outputModelArn = "arn:aws:bedrock:" + region(req) + ":" + ACCOUNT + ":custom-model/"
                            + job.request.path("baseModelIdentifier").asText() + "/" + job.arn.substring(job.arn.lastIndexOf('/') + 1);
                }
            }
            out = Json.object();
            out.put("jobArn", job.arn);
            out.put("jobName", job.name);
            out.put("outputModelName", job.request.path("customModelName").asText());
            if (job.outputModelArn != null) {
                out.put("outputModelArn", job.outputModelArn);
            }
            if (job.request.has("clientRequestToken")) {
                out.put("clientRequestToken", job.request.path("clientRequestToken").asText());
            }
            out.put("roleArn", job.request.path("roleArn").asText());
            out.put("status", job.status);
            ObjectNode details = out.putObject("statusDetails");
            details.putObject("validationDetails").put("status", validation);
            details.putObject("dataProcessingDetails").put("status", processing);
            details.putObject("trainingDetails").put("status", training);
            if ("Failed".equals(job.status)) {
                out.put("failureMessage", job.failure);
            }
            out.put("creationTime", job.created.toString());
            out.put("lastModifiedTime", Instant.now().toString());
            if (job.ended != null) {
                out.put("endTime", job.ended.toString());
            }
            out.put("baseModelArn", modelArn(region(req), job.request.path("baseModelIdentifier").asText()));
            out.set("hyperParameters", job.request.path("hyperParameters").isObject() ? job.request.path("hyperParameters") : Json.object());
            out.set("trainingDataConfig", job.request.path("trainingDataConfig"));
            out.set("outputDataConfig", job.request.path("outputDataConfig"));
            out.put("customizationType", job.request.path("customizationType").asText("FINE_TUNING"));
            if (job.request.has("customModelKmsKeyId")) {
                out.put("outputModelKmsKeyArn", job.request.path("customModelKmsKeyId").asText());
            }
            if ("InProgress".equals(training) || "Completed".equals(training)) {
                int step = Math.min(trainingPolls, p - 2);
                out.putObject("trainingMetrics").put("trainingLoss", Math.round(2.0 / (1 + step) * 1000) / 1000.0);
            }
        }
        return FakeResponse.json(out);
    }
}
