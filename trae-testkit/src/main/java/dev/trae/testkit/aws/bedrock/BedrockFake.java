package dev.trae.testkit.aws.bedrock;

import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
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
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of the Amazon Bedrock control plane (REST-JSON): {@code ListFoundationModels}
 * ({@code GET /foundation-models}, with the {@code byProvider}, {@code byOutputModality},
 * {@code byInferenceType} and {@code byCustomizationType} filters and {@code modelLifecycle}),
 * {@code GetFoundationModel}, {@code ListInferenceProfiles} (system profiles for the caller's
 * geography, read from the SigV4 credential scope: {@code us.}, {@code eu.}, {@code apac.} plus
 * {@code global.}), {@code CreateModelCustomizationJob} / {@code GetModelCustomizationJob} /
 * {@code StopModelCustomizationJob} (InProgress to Stopping to Stopped; a job that is not InProgress answers
 * {@code ConflictException}), and custom model hosting: {@code CreateCustomModelDeployment} /
 * {@code GetCustomModelDeployment} / {@code DeleteCustomModelDeployment} (Creating to Active) and
 * {@code CreateProvisionedModelThroughput} / {@code GetProvisionedModelThroughput} /
 * {@code DeleteProvisionedModelThroughput} (Creating to InService), each ready after {@link #hostingPolls(int)}
 * Gets or Failed after {@link #failNextHosting(String)}. Pair it with a {@link BedrockRuntimeFake} through
 * {@link BedrockRuntimeFake#controlPlane(BedrockFake)} so that deployment and provisioned-model ARNs can be
 * invoked only while ready.
 *
 * <p>A customization job advances one step per {@code GetModelCustomizationJob}: validation, data
 * processing, training (for {@link #trainingPolls(int)} polls, with a falling training loss), then
 * {@code Completed} with an output model ARN; {@link #failNextJob(String)} makes the next job fail in
 * validation. The default catalog holds current Nova, Nova 2, Claude and image models, some LEGACY, with the
 * {@code customizationsSupported} of AWS's fine-tuning table (context-length variants only).
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
        boolean stopReported;

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
    /** Custom model ARN to base model id: outputs of completed jobs and models put with {@link #putCustomModel}. */
    private final Map<String, String> customModels = new ConcurrentHashMap<>();
    private final Map<String, Hosting> deployments = new ConcurrentHashMap<>();
    private final Map<String, Hosting> provisioned = new ConcurrentHashMap<>();
    private volatile int hostingPolls = 2;
    private volatile String nextHostingFailure;

    /** A custom-model deployment or a Provisioned Throughput, moving from Creating to Active/InService or Failed. */
    private static final class Hosting {
        final String arn;
        final String name;
        final String modelArn;
        final ObjectNode request;
        final Instant created = Instant.now();
        final String failure;
        final String readyStatus;
        int polls;
        String status = "Creating";
        Instant updated = created;

        Hosting(String arn, String name, String modelArn, ObjectNode request, String failure, String readyStatus) {
            this.arn = arn;
            this.name = name;
            this.modelArn = modelArn;
            this.request = request;
            this.failure = failure;
            this.readyStatus = readyStatus;
        }

        /** One Get: after enough polls the resource is ready (or failed). */
        synchronized void advance(int pollsUntilReady) {
            polls++;
            if ("Creating".equals(status) && polls >= pollsUntilReady) {
                status = failure != null ? "Failed" : readyStatus;
                updated = Instant.now();
            }
        }
    }

    public BedrockFake() {
        List<String> text = List.of("TEXT");
        List<String> textImage = List.of("TEXT", "IMAGE");
        // ModelModality is TEXT | IMAGE | EMBEDDING (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_FoundationModelSummary.html);
        // the API has no VIDEO value, whatever the console says about Nova's video input
        List<String> multi = List.of("TEXT", "IMAGE");
        List<String> onDemandAndProfile = List.of("ON_DEMAND", "INFERENCE_PROFILE");
        // customizationsSupported as the fine-tuning table of "Customize a model with fine-tuning" lists it
        // (https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-fine-tuning.html#custom-model-supported) and, for
        // distillation students and teachers, "Customizing Amazon Nova models"
        // (https://docs.aws.amazon.com/nova/latest/userguide/customization.html): fine-tuning is done on the context-length
        // variants (amazon.nova-lite-v1:0:300k, ...), never on the inference ids, which report no customizations
        put(new Model("amazon.nova-micro-v1:0", "Amazon", "Nova Micro", text, text, true, onDemandAndProfile, List.of(), "ACTIVE"));
        put(new Model("amazon.nova-lite-v1:0", "Amazon", "Nova Lite", multi, text, true, onDemandAndProfile, List.of(), "ACTIVE"));
        put(new Model("amazon.nova-pro-v1:0", "Amazon", "Nova Pro", multi, text, true, onDemandAndProfile, List.of(), "ACTIVE"));
        put(new Model("amazon.nova-micro-v1:0:128k", "Amazon", "Nova Micro", text, text, true, List.of("PROVISIONED"), List.of("FINE_TUNING", "DISTILLATION"), "ACTIVE"));
        put(new Model("amazon.nova-lite-v1:0:300k", "Amazon", "Nova Lite", multi, text, true, List.of("PROVISIONED"), List.of("FINE_TUNING", "DISTILLATION"), "ACTIVE"));
        put(new Model("amazon.nova-pro-v1:0:300k", "Amazon", "Nova Pro", multi, text, true, List.of("PROVISIONED"), List.of("FINE_TUNING", "DISTILLATION"), "ACTIVE"));
        put(new Model("amazon.nova-2-lite-v1:0", "Amazon", "Nova 2 Lite", multi, text, true, List.of("INFERENCE_PROFILE"), List.of(), "ACTIVE"));
        put(new Model("amazon.nova-2-lite-v1:0:256k", "Amazon", "Nova 2 Lite", multi, text, true, List.of("PROVISIONED"), List.of("FINE_TUNING"), "ACTIVE"));
        // Nova Canvas (EOL 2026-09-30) and Titan Image Generator G1 v2 (EOL 2026-06-30) are gone from the catalog, as EOL
        // models are (https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html); Stable Image Core is an
        // ACTIVE image model without response streaming (model card stability-ai-stable-image-core-1-0)
        put(new Model("stability.stable-image-core-v1:1", "Stability AI", "Stable Image Core", text, List.of("IMAGE"), false, List.of("ON_DEMAND"), List.of(), "ACTIVE"));
        // the Titan Text G1 - Express and Claude 3 Haiku inference ids are not fine-tunable (the table lists only context-length
        // variants of them, and no longer Titan Text at all)
        put(new Model("amazon.titan-text-express-v1", "Amazon", "Titan Text G1 - Express", text, text, true, List.of("ON_DEMAND"), List.of(), "LEGACY"));
        put(new Model("anthropic.claude-3-haiku-20240307-v1:0", "Anthropic", "Claude 3 Haiku", textImage, text, true, onDemandAndProfile, List.of(), "LEGACY"));
        // Claude 3.5 Haiku (EOL 2026-06-19) and Claude Sonnet 4 (EOL 2026-10-14) are gone from the catalog; Sonnet 4.5 is
        // Legacy since 2026-10-08; current Claude models are reached only through inference profiles (inferenceTypesSupported
        // INFERENCE_PROFILE, model cards)
        put(new Model("anthropic.claude-haiku-4-5-20251001-v1:0", "Anthropic", "Claude Haiku 4.5", textImage, text, true, List.of("INFERENCE_PROFILE"), List.of(), "ACTIVE"));
        put(new Model("anthropic.claude-sonnet-4-6", "Anthropic", "Claude Sonnet 4.6", textImage, text, true, List.of("INFERENCE_PROFILE"), List.of(), "ACTIVE"));
        put(new Model("anthropic.claude-opus-4-7", "Anthropic", "Claude Opus 4.7", textImage, text, true, List.of("INFERENCE_PROFILE"), List.of(), "ACTIVE"));
        put(new Model("anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic", "Claude Sonnet 4.5", textImage, text, true, List.of("INFERENCE_PROFILE"), List.of(), "LEGACY"));
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

    /** A model of the fake catalog. */
    public java.util.Optional<Model> model(String modelId) {
        return java.util.Optional.ofNullable(models.get(modelId));
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

    // Request checks: enum values (customizationType, byOutputModality, commitmentDuration...) and member types from the
    // Bedrock SDK model, body, path and query members; required members, lengths, patterns and ranges from each operation's
    // reference page (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_<Operation>.html). ValidationException.
    private static final String TOKEN = "[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?";
    private static final java.util.Map<String, dev.trae.testkit.wire.RequestCheck> CHECKS = java.util.Map.of(
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html
            "ListFoundationModels", br("ListFoundationModelsRequest", c -> c.pattern("byProvider", "[A-Za-z0-9- ]{1,63}")),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetFoundationModel.html
            "GetFoundationModel", br("GetFoundationModelRequest", c -> c.length("modelIdentifier", 1, 2048)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListInferenceProfiles.html
            "ListInferenceProfiles", br("ListInferenceProfilesRequest", c -> c.range("maxResults", 1, 1000).length("nextToken", 1, 2048)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelCustomizationJob.html
            "CreateModelCustomizationJob", br("CreateModelCustomizationJobRequest", c -> c.required("jobName", "customModelName", "roleArn",
                    "baseModelIdentifier", "trainingDataConfig", "outputDataConfig").length("jobName", 1, 63)
                    .pattern("jobName", "[a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*").length("customModelName", 1, 63)
                    .pattern("customModelName", "([0-9a-zA-Z][_-]?){1,63}").length("roleArn", 0, 2048)
                    .pattern("roleArn", "arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+").length("clientRequestToken", 1, 256)
                    .pattern("clientRequestToken", TOKEN).length("baseModelIdentifier", 1, 2048)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetModelCustomizationJob.html
            "GetModelCustomizationJob", br("GetModelCustomizationJobRequest", c -> c.length("jobIdentifier", 0, 1011)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateCustomModelDeployment.html
            "CreateCustomModelDeployment", br("CreateCustomModelDeploymentRequest", c -> c.required("modelDeploymentName", "modelArn")
                    .length("modelDeploymentName", 1, 63).pattern("modelDeploymentName", "([0-9a-zA-Z][_-]?){1,63}").length("modelArn", 20, 1011)
                    .length("description", 1, 2048).length("clientRequestToken", 1, 256).pattern("clientRequestToken", TOKEN)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetCustomModelDeployment.html
            "GetCustomModelDeployment", br("GetCustomModelDeploymentRequest", c -> c.length("customModelDeploymentIdentifier", 1, 93)),
            // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateProvisionedModelThroughput.html
            "CreateProvisionedModelThroughput", br("CreateProvisionedModelThroughputRequest", c -> c.required("modelUnits",
                    "provisionedModelName", "modelId").range("modelUnits", 1, Integer.MAX_VALUE).length("provisionedModelName", 1, 63)
                    .pattern("provisionedModelName", "([0-9a-zA-Z][_-]?)+").length("modelId", 1, 2048).length("clientRequestToken", 1, 256)
                    .pattern("clientRequestToken", TOKEN)));

    private static dev.trae.testkit.wire.RequestCheck br(String model, java.util.function.UnaryOperator<dev.trae.testkit.wire.SdkModelCheck> d) {
        return dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.bedrock.model." + model, d);
    }

    @Override
    public void install(FakeAwsServer server) {
        server.rest("ListFoundationModels", "GET", "/foundation-models", this::listModels);
        server.rest("GetFoundationModel", "GET", "/foundation-models/{modelIdentifier}", this::getModel);
        server.rest("ListInferenceProfiles", "GET", "/inference-profiles", this::listProfiles);
        server.rest("CreateModelCustomizationJob", "POST", "/model-customization-jobs", this::createJob);
        server.rest("GetModelCustomizationJob", "GET", "/model-customization-jobs/{jobIdentifier}", this::getJob);
        server.rest("StopModelCustomizationJob", "POST", "/model-customization-jobs/{jobIdentifier}/stop", this::stopJob);
        server.rest("CreateCustomModelDeployment", "POST", "/model-customization/custom-model-deployments", this::createDeployment);
        server.rest("GetCustomModelDeployment", "GET", "/model-customization/custom-model-deployments/{customModelDeploymentIdentifier}",
                this::getDeployment);
        server.rest("DeleteCustomModelDeployment", "DELETE",
                "/model-customization/custom-model-deployments/{customModelDeploymentIdentifier}", this::deleteDeployment);
        server.rest("CreateProvisionedModelThroughput", "POST", "/provisioned-model-throughput", this::createProvisioned);
        server.rest("GetProvisionedModelThroughput", "GET", "/provisioned-model-throughput/{provisionedModelId}", this::getProvisioned);
        CHECKS.forEach(server::validate);
        server.rest("DeleteProvisionedModelThroughput", "DELETE", "/provisioned-model-throughput/{provisionedModelId}",
                this::deleteProvisioned);
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
        Job job = job(id);
        if (job == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "no model customization job " + id);
        }
        ObjectNode out;
        synchronized (job) {
            job.polls++;
            if ("Stopping".equals(job.status)) {
                if (job.stopReported) {
                    job.status = "Stopped";
                    job.ended = Instant.now();
                }
                job.stopReported = true;
            }
            boolean running = "InProgress".equals(job.status);
            String validation;
            String processing = "NotStarted";
            String training = "NotStarted";
            int p = job.polls;
            if (job.failure != null) {
                validation = p >= 2 ? "Failed" : "InProgress";
                if (running && p >= 2) {
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
                if (running && p >= 3 + trainingPolls) {
                    complete(job);
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

    /** Marks a job Completed now and registers its output as a custom model. Caller holds the job's lock. */
    private void complete(Job job) {
        job.status = "Completed";
        job.ended = Instant.now();
        String region = job.arn.split(":")[3];
        String base = job.request.path("baseModelIdentifier").asText();
        base = base.contains("foundation-model/") ? base.substring(base.indexOf("foundation-model/") + 17) : base;
        job.outputModelArn = "arn:aws:bedrock:" + region + ":" + ACCOUNT + ":custom-model/" + base + "/"
                + job.arn.substring(job.arn.lastIndexOf('/') + 1);
        customModels.put(job.outputModelArn, base);
    }

    /** The job with this ARN or name, or null. */
    private Job job(String id) {
        Job job = jobs.get(id);
        return job != null ? job : jobs.values().stream().filter(j -> j.name.equals(id)).findFirst().orElse(null);
    }

    /**
     * The job ends successfully at once, as if AWS finished it between two polls (its next Get reports
     * Completed). For testing races such as a {@code cancel()} that arrives after the job finished.
     */
    public BedrockFake finishJob(String jobNameOrArn) {
        Job job = job(jobNameOrArn);
        if (job == null) {
            throw new IllegalArgumentException("no model customization job " + jobNameOrArn);
        }
        synchronized (job) {
            if ("InProgress".equals(job.status)) {
                job.polls = Math.max(job.polls, 2 + trainingPolls);
                complete(job);
            }
        }
        return this;
    }

    /** The status of a job (InProgress, Completed, Failed, Stopping, Stopped). */
    public String jobStatus(String jobNameOrArn) {
        Job job = job(jobNameOrArn);
        if (job == null) {
            throw new IllegalArgumentException("no model customization job " + jobNameOrArn);
        }
        synchronized (job) {
            return job.status;
        }
    }

    private FakeResponse stopJob(FakeRequest req) {
        Job job = job(req.pathParam("jobIdentifier"));
        if (job == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "no model customization job " + req.pathParam("jobIdentifier"));
        }
        synchronized (job) {
            if (!"InProgress".equals(job.status)) {
                return FakeResponse.error(400, "ConflictException", "the model customization job " + job.name + " is "
                        + job.status + "; only an InProgress job can be stopped");
            }
            job.status = "Stopping";
        }
        return FakeResponse.empty(200);
    }

    // ------------------------------------------------------------------ custom model hosting

    /** Registers a custom model (as a completed customization job would) and returns its ARN. */
    public String putCustomModel(String baseModelId, String suffix) {
        String arn = "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":custom-model/" + baseModelId + "/" + suffix;
        customModels.put(arn, baseModelId);
        return arn;
    }

    /** Gets a deployment or a Provisioned Throughput needs before it is ready (default 2). */
    public BedrockFake hostingPolls(int polls) {
        this.hostingPolls = Math.max(1, polls);
        return this;
    }

    /** The next created deployment or Provisioned Throughput fails with this message instead of becoming ready. */
    public BedrockFake failNextHosting(String message) {
        this.nextHostingFailure = Objects.requireNonNull(message);
        return this;
    }

    /** ARNs of the custom-model deployments that exist (not deleted). */
    public Set<String> deploymentArns() {
        return Set.copyOf(deployments.keySet());
    }

    /** ARNs of the Provisioned Throughputs that exist (not deleted). */
    public Set<String> provisionedArns() {
        return Set.copyOf(provisioned.keySet());
    }

    /**
     * Whether bedrock-runtime may invoke {@code modelArn}: null when it may (an Active deployment, an
     * InService Provisioned Throughput, or an ARN of another kind), else the error Bedrock answers with.
     * A bare custom-model ARN is refused: it needs a deployment or Provisioned Throughput first.
     */
    public FakeResponse refuseInvocation(String modelArn) {
        Hosting h;
        String ready;
        if (modelArn.contains(":custom-model-deployment/")) {
            h = deployments.get(modelArn);
            ready = "Active";
        } else if (modelArn.contains(":provisioned-model/")) {
            h = provisioned.get(modelArn);
            ready = "InService";
        } else if (modelArn.contains(":custom-model/")) {
            return FakeResponse.error(400, "ValidationException", "The custom model " + modelArn + " cannot be invoked on demand "
                    + "directly; create a custom model deployment or Provisioned Throughput and use its ARN as the model id.");
        } else {
            return null;
        }
        if (h == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "The model " + modelArn + " was not found.");
        }
        synchronized (h) {
            if (!ready.equals(h.status)) {
                return FakeResponse.error(400, "ValidationException", modelArn + " is " + h.status + ", not " + ready + "; wait until it is "
                        + ready + ".");
            }
        }
        return null;
    }

    private static Hosting find(Map<String, Hosting> all, String id) {
        Hosting h = all.get(id);
        return h != null ? h : all.values().stream().filter(x -> x.name.equals(id)).findFirst().orElse(null);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Stores a new deployment or Provisioned Throughput (failing later if {@link #failNextHosting} was called). */
    private String createHosting(Map<String, Hosting> into, String arnPrefix, String name, String modelArn, JsonNode request,
                                 String readyStatus, String tokenKey) {
        String arn = arnPrefix + suffix();
        String failure = nextHostingFailure;
        nextHostingFailure = null;
        into.put(arn, new Hosting(arn, name, modelArn, (ObjectNode) request.deepCopy(), failure, readyStatus));
        if (tokenKey != null) {
            tokens.put(tokenKey, arn);
        }
        return arn;
    }

    private FakeResponse createDeployment(FakeRequest req) {
        JsonNode b = req.json();
        String name = b.path("modelDeploymentName").asText("");
        if (!name.matches("([0-9a-zA-Z][_-]?){1,63}")) {
            return FakeResponse.error(400, "ValidationException", "modelDeploymentName must match ([0-9a-zA-Z][_-]?){1,63}");
        }
        String modelArn = b.path("modelArn").asText("");
        String token = b.path("clientRequestToken").asText("");
        if (!token.isEmpty() && tokens.containsKey("deployment:" + token)) {
            return FakeResponse.json(202, Map.of("customModelDeploymentArn", tokens.get("deployment:" + token)));
        }
        if (!customModels.containsKey(modelArn)) {
            return FakeResponse.error(404, "ResourceNotFoundException", "The custom model " + modelArn + " was not found.");
        }
        if (find(deployments, name) != null) {
            return FakeResponse.error(400, "ValidationException", "a custom model deployment named " + name + " already exists");
        }
        String arn = createHosting(deployments, "arn:aws:bedrock:" + region(req) + ":" + ACCOUNT + ":custom-model-deployment/",
                name, modelArn, b, "Active", token.isEmpty() ? null : "deployment:" + token);
        return FakeResponse.json(202, Map.of("customModelDeploymentArn", arn));
    }

    private FakeResponse getDeployment(FakeRequest req) {
        Hosting h = find(deployments, req.pathParam("customModelDeploymentIdentifier"));
        if (h == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "no custom model deployment "
                    + req.pathParam("customModelDeploymentIdentifier"));
        }
        h.advance(hostingPolls);
        ObjectNode out = Json.object();
        synchronized (h) {
            out.put("customModelDeploymentArn", h.arn);
            out.put("modelDeploymentName", h.name);
            out.put("modelArn", h.modelArn);
            out.put("createdAt", h.created.toString());
            out.put("status", h.status);
            if (h.request.has("description")) {
                out.put("description", h.request.path("description").asText());
            }
            if ("Failed".equals(h.status)) {
                out.put("failureMessage", h.failure);
            }
            out.put("lastUpdatedAt", h.updated.toString());
        }
        return FakeResponse.json(out);
    }

    private FakeResponse deleteDeployment(FakeRequest req) {
        Hosting h = find(deployments, req.pathParam("customModelDeploymentIdentifier"));
        if (h == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "no custom model deployment "
                    + req.pathParam("customModelDeploymentIdentifier"));
        }
        deployments.remove(h.arn);
        return FakeResponse.empty(200);
    }

    private FakeResponse createProvisioned(FakeRequest req) {
        JsonNode b = req.json();
        String name = b.path("provisionedModelName").asText("");
        if (name.isBlank()) {
            return FakeResponse.error(400, "ValidationException", "provisionedModelName is required");
        }
        if (b.path("modelUnits").asInt(0) < 1) {
            return FakeResponse.error(400, "ValidationException", "modelUnits must be at least 1");
        }
        String commitment = b.path("commitmentDuration").asText("");
        if (!commitment.isEmpty() && !commitment.equals("OneMonth") && !commitment.equals("SixMonths")) {
            return FakeResponse.error(400, "ValidationException", "commitmentDuration must be OneMonth or SixMonths");
        }
        String token = b.path("clientRequestToken").asText("");
        if (!token.isEmpty() && tokens.containsKey("provisioned:" + token)) {
            return FakeResponse.json(201, Map.of("provisionedModelArn", tokens.get("provisioned:" + token)));
        }
        String modelId = b.path("modelId").asText("");
        String region = region(req);
        String modelArn;
        if (customModels.containsKey(modelId)) {
            modelArn = modelId;
        } else if (find(modelId) != null) {
            modelArn = modelArn(region, find(modelId).modelId());
        } else {
            return FakeResponse.error(404, "ResourceNotFoundException", "The model " + modelId + " was not found.");
        }
        if (find(provisioned, name) != null) {
            return FakeResponse.error(400, "ValidationException", "a Provisioned Throughput named " + name + " already exists");
        }
        String arn = createHosting(provisioned, "arn:aws:bedrock:" + region + ":" + ACCOUNT + ":provisioned-model/",
                name, modelArn, b, "InService", token.isEmpty() ? null : "provisioned:" + token);
        return FakeResponse.json(201, Map.of("provisionedModelArn", arn));
    }

    private FakeResponse getProvisioned(FakeRequest req) {
        Hosting h = find(provisioned, req.pathParam("provisionedModelId"));
        if (h == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "no Provisioned Throughput " + req.pathParam("provisionedModelId"));
        }
        h.advance(hostingPolls);
        ObjectNode out = Json.object();
        synchronized (h) {
            int units = h.request.path("modelUnits").asInt();
            boolean ready = "InService".equals(h.status);
            out.put("modelUnits", ready ? units : 0);
            out.put("desiredModelUnits", units);
            out.put("provisionedModelName", h.name);
            out.put("provisionedModelArn", h.arn);
            out.put("modelArn", h.modelArn);
            out.put("desiredModelArn", h.modelArn);
            String base = customModels.getOrDefault(h.modelArn, h.modelArn.substring(h.modelArn.lastIndexOf('/') + 1));
            out.put("foundationModelArn", modelArn(h.arn.split(":")[3], base));
            out.put("status", h.status);
            out.put("creationTime", h.created.toString());
            out.put("lastModifiedTime", h.updated.toString());
            if ("Failed".equals(h.status)) {
                out.put("failureMessage", h.failure);
            }
            String commitment = h.request.path("commitmentDuration").asText("");
            if (!commitment.isEmpty()) {
                out.put("commitmentDuration", commitment);
                out.put("commitmentExpirationTime", h.created.plus(java.time.Duration.ofDays(commitment.equals("OneMonth") ? 30 : 182)).toString());
            }
        }
        return FakeResponse.json(out);
    }

    private FakeResponse deleteProvisioned(FakeRequest req) {
        Hosting h = find(provisioned, req.pathParam("provisionedModelId"));
        if (h == null) {
            return FakeResponse.error(404, "ResourceNotFoundException", "no Provisioned Throughput " + req.pathParam("provisionedModelId"));
        }
        provisioned.remove(h.arn);
        return FakeResponse.empty(200);
    }
}
