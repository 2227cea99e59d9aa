package dev.trae.aws.bedrock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.model.FoundationModel;
import dev.trae.aws.bedrock.model.InferenceProfile;
import dev.trae.aws.bedrock.model.ModelCapabilities;
import dev.trae.aws.bedrock.model.ModelLifecycle;
import dev.trae.aws.bedrock.model.ResolvedModel;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrock.model.FoundationModelDetails;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelResponse;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileSummary;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;

/**
 * The Bedrock model catalog of the configured region: foundation models with their lifecycle
 * (ACTIVE, LEGACY) and inference profiles, cached for a TTL. Resolves a model to an id valid in the region
 * (a base id with on-demand throughput, else the region's {@code us.}/{@code eu.}/{@code apac.}/{@code jp.}
 * profile, else {@code global.}), gives a capability map (streaming, tools, images, documents, prompt
 * caching, context window), warns on LEGACY models and refuses EOL ones naming the suggested replacement.
 * Thread-safe.
 *
 * <pre>{@code
 * try (ModelCatalog catalog = ModelCatalog.create(config)) {
 *     ResolvedModel m = catalog.resolve("amazon.nova-2-lite-v1:0");   // us.amazon.nova-2-lite-v1:0 in us-east-1
 *     catalog.bestImageModel().ifPresent(im -> System.out.println(im.modelId()));
 * }
 * }</pre>
 */
public final class ModelCatalog implements AutoCloseable {
    /** The endpoint service name in {@link TraeConfig}. */
    public static final String SERVICE = "bedrock";
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
    /** Image models in order of preference. */
    private static final List<String> IMAGE_PREFERENCE = List.of("amazon.nova-canvas", "amazon.titan-image-generator-v2",
            "stability.sd3-5-large", "stability.stable-image-core", "stability.stable-image-ultra", "amazon.titan-image-generator");

    private record Snapshot(Map<String, FoundationModel> models, List<InferenceProfile> profiles, Instant loaded) {
    }

    private final TraeConfig config;
    private final ServiceClient<software.amazon.awssdk.services.bedrock.BedrockClient> client;
    /** GetFoundationModel answers for ids the list did not have (empty: the service does not know the id). */
    private final Map<String, Optional<FoundationModel>> looked = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Map<String, String> endOfLife;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot;

    private ModelCatalog(TraeConfig config, Duration ttl, Map<String, String> endOfLife) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = AwsClients.of(config).service(Services.BEDROCK, software.amazon.awssdk.services.bedrock.BedrockClient::builder);
        this.ttl = ttl;
        this.endOfLife = Map.copyOf(endOfLife);
    }

    /** A catalog cached for one hour. */
    public static ModelCatalog create(TraeConfig config) {
        return builder(config).build();
    }

    public static Builder builder(TraeConfig config) {
        return new Builder(config);
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s != null && s.loaded().plus(ttl).isAfter(Instant.now())) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && s.loaded().plus(ttl).isAfter(Instant.now())) {
                return s;
            }
            s = load();
            snapshot = s;
            return s;
        }
    }

    private Snapshot load() {
        List<FoundationModelSummary> summaries = client.call("ListFoundationModels", Idempotency.IDEMPOTENT,
                c -> c.listFoundationModels(b -> { })).modelSummaries();
        Map<String, FoundationModel> models = new LinkedHashMap<>();
        for (FoundationModelSummary s : summaries) {
            models.put(s.modelId(), model(s));
        }
        List<InferenceProfile> profiles = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListInferenceProfilesResponse r = client.call("ListInferenceProfiles", Idempotency.IDEMPOTENT,
                    c -> c.listInferenceProfiles(b -> b.maxResults(1000).nextToken(t)));
            for (InferenceProfileSummary p : r.inferenceProfileSummaries()) {
                List<String> ids = new ArrayList<>();
                p.models().forEach(m -> ids.add(m.modelArn().substring(m.modelArn().lastIndexOf('/') + 1)));
                profiles.add(new InferenceProfile(p.inferenceProfileId(), p.inferenceProfileName(), p.inferenceProfileArn(),
                        ids.stream().distinct().toList(), p.typeAsString(), "ACTIVE".equals(p.statusAsString())));
            }
            token = r.nextToken();
        } while (token != null && ++pages < 100);
        LOG.debug("catalog of {}: {} models, {} inference profiles", config.region(), models.size(), profiles.size());
        looked.clear();
        return new Snapshot(models, profiles, Instant.now());
    }

    private FoundationModel model(FoundationModelSummary s) {
        return model(s.modelId(), s.modelName(), s.providerName(), s.inputModalitiesAsStrings(), s.outputModalitiesAsStrings(),
                s.responseStreamingSupported(), s.inferenceTypesSupportedAsStrings(), s.customizationsSupportedAsStrings(),
                s.modelLifecycle() == null ? null : s.modelLifecycle().statusAsString());
    }

    /**
     * A catalog entry from the service's facts: modalities, streaming, inference types, customizations and lifecycle
     * status come from ListFoundationModels/GetFoundationModel; tools, documents, prompt caching and the context window
     * are not in the API and come from the model family ({@link ModelCapabilities#known()} is false for an unknown
     * family, which then is refused nothing).
     */
    private FoundationModel model(String id, String name, String provider, List<String> in, List<String> out, Boolean streaming,
                                  List<String> inferenceTypes, List<String> customizations, String lifecycleStatus) {
        String status = lifecycleStatus == null ? "ACTIVE" : lifecycleStatus.toUpperCase(Locale.ROOT);
        ModelLifecycle lifecycle = status.equals("LEGACY") ? ModelLifecycle.LEGACY
                : status.equals("ACTIVE") ? ModelLifecycle.ACTIVE : ModelLifecycle.EOL;
        if (endOfLife.containsKey(id)) {
            lifecycle = ModelLifecycle.EOL;
        }
        ModelCapabilities known = KnownModels.capabilities(id);
        boolean textOut = out.contains("TEXT");
        ModelCapabilities caps = new ModelCapabilities(Boolean.TRUE.equals(streaming), known.tools() && textOut, in.contains("IMAGE"),
                known.documents() && textOut, known.promptCaching(), known.contextWindow(), known.known());
        return new FoundationModel(id, name, provider, in, out, inferenceTypes, customizations, lifecycle, caps);
    }

    /** GetFoundationModel for an id the list did not have (a model released since the list was loaded), cached. */
    private Optional<FoundationModel> lookUp(String base) {
        return looked.computeIfAbsent(base, id -> {
            try {
                GetFoundationModelResponse r = client.call("GetFoundationModel", Idempotency.IDEMPOTENT,
                        c -> c.getFoundationModel(b -> b.modelIdentifier(id)));
                FoundationModelDetails d = r.modelDetails();
                if (d == null) {
                    return Optional.empty();
                }
                return Optional.of(model(d.modelId(), d.modelName(), d.providerName(), d.inputModalitiesAsStrings(),
                        d.outputModalitiesAsStrings(), d.responseStreamingSupported(), d.inferenceTypesSupportedAsStrings(),
                        d.customizationsSupportedAsStrings(), d.modelLifecycle() == null ? null : d.modelLifecycle().statusAsString()));
            } catch (TraeServiceException e) {
                LOG.debug("GetFoundationModel {}: {}", id, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** Every foundation model of the region. */
    public List<FoundationModel> models() {
        return List.copyOf(snapshot().models().values());
    }

    /** One foundation model by base id (or profile id). */
    public Optional<FoundationModel> model(String modelId) {
        return Optional.ofNullable(snapshot().models().get(KnownModels.baseId(modelId)));
    }

    /** Every inference profile of the region. */
    public List<InferenceProfile> inferenceProfiles() {
        return snapshot().profiles();
    }

    /** The capability map of a model id (catalog data where known, else by family). */
    public ModelCapabilities capabilities(String modelId) {
        return model(modelId).map(FoundationModel::capabilities).orElseGet(() -> KnownModels.capabilities(modelId));
    }

    /** ACTIVE models that generate images, in order of preference (Nova Canvas first when ACTIVE). */
    public List<FoundationModel> imageModels() {
        List<FoundationModel> out = new ArrayList<>();
        for (FoundationModel m : models()) {
            if (m.generatesImages() && m.lifecycle() == ModelLifecycle.ACTIVE && m.onDemand()) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparingInt(m -> rank(m.modelId())));
        return out;
    }

    private static int rank(String id) {
        for (int i = 0; i < IMAGE_PREFERENCE.size(); i++) {
            if (id.startsWith(IMAGE_PREFERENCE.get(i))) {
                return i;
            }
        }
        return IMAGE_PREFERENCE.size();
    }

    /** The preferred ACTIVE image model, if the region has one. */
    public Optional<FoundationModel> bestImageModel() {
        List<FoundationModel> l = imageModels();
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Forgets the cached catalog; the next call reloads it. */
    public void refresh() {
        snapshot = null;
    }

    /**
     * Resolves a model id for the region. Refuses EOL models (naming the replacement) and profiles the region does
     * not have; warns (once per model) on LEGACY ones. A model neither ListFoundationModels nor GetFoundationModel
     * knows is passed through with a warning (see {@link ResolvedModel#warnings()}).
     */
    public ResolvedModel resolve(String requested) {
        RequestValidator.modelId(requested);
        if (requested.startsWith("arn:")) {
            String tail = requested.substring(requested.lastIndexOf('/') + 1);
            return new ResolvedModel(requested, requested, KnownModels.baseId(tail), ModelLifecycle.ACTIVE,
                    KnownModels.capabilities(requested.contains("inference-profile/") ? tail : requested), List.of());
        }
        String base = KnownModels.baseId(requested);
        boolean isProfile = !base.equals(requested);
        Snapshot s = snapshot();
        FoundationModel fm = s.models().get(base);
        String region = config.region().id();
        if (endOfLife.containsKey(base)) {
            throw new TraeValidationException("modelId", base + " has reached end of life; use " + endOfLife.get(base));
        }
        if (fm == null) {
            fm = lookUp(base).orElse(null);
        }
        if (fm == null) {
            return unknown(s, requested, base, isProfile, region);
        }
        if (fm.lifecycle() == ModelLifecycle.EOL) {
            throw new TraeValidationException("modelId", base + " has reached end of life" + suggestion(s, base, fm));
        }
        List<String> warnings = new ArrayList<>();
        if (fm.lifecycle() == ModelLifecycle.LEGACY) {
            String w = base + " is LEGACY in " + region + " and will reach end of life; plan a migration" + suggestion(s, base, fm);
            warnings.add(w);
            if (warned.add(base)) {
                LOG.warn("{}", w);
            }
        }
        String invocation;
        if (isProfile) {
            boolean exists = s.profiles().stream().anyMatch(p -> p.id().equals(requested));
            if (!exists) {
                throw new TraeValidationException("modelId", "inference profile " + requested + " is not available in " + region
                        + profilesOf(s, base));
            }
            invocation = requested;
        } else if (fm.onDemand()) {
            invocation = base;
        } else {
            invocation = null;
            for (String geo : geographies(region)) {
                String id = geo + base;
                if (s.profiles().stream().anyMatch(p -> p.id().equals(id) && p.active())) {
                    invocation = id;
                    break;
                }
            }
            if (invocation == null) {
                throw new TraeValidationException("modelId", base + " needs an inference profile and " + region
                        + " has none for it; choose another region or model");
            }
        }
        return new ResolvedModel(requested, invocation, base, fm.lifecycle(), fm.capabilities(), warnings);
    }

    /**
     * A model the catalog does not know (newer than the catalog, or not listed in this region): passed through with a
     * warning, never refused for a capability the catalog merely does not know; a bare id goes to the region's profile
     * when one exists. The service decides.
     */
    private ResolvedModel unknown(Snapshot s, String requested, String base, boolean isProfile, String region) {
        String w = base + " is not in the Bedrock catalog of " + region + "; passing it through unchecked";
        if (warned.add("unknown:" + base)) {
            LOG.warn("{}", w);
        }
        String invocation = requested;
        if (!isProfile) {
            for (String geo : geographies(region)) {
                String id = geo + base;
                if (s.profiles().stream().anyMatch(p -> p.id().equals(id) && p.active())) {
                    invocation = id;
                    break;
                }
            }
        }
        ModelLifecycle lifecycle = KnownModels.fact(base).map(f -> f.lifecycleOn(java.time.LocalDate.now(java.time.ZoneOffset.UTC)))
                .orElse(ModelLifecycle.ACTIVE);
        return new ResolvedModel(requested, invocation, base, lifecycle, KnownModels.capabilities(base), List.of(w));
    }

    /** Profile prefixes to try for a region, most specific first, {@code global.} last. */
    static List<String> geographies(String region) {
        String r = region.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        if (r.startsWith("us-gov-")) {
            out.add("us-gov.");
        } else if (r.startsWith("us-")) {
            out.add("us.");
        } else if (r.startsWith("ca-")) {
            out.add("ca.");
            out.add("us.");
        } else if (r.startsWith("eu-")) {
            out.add("eu.");
        } else if (r.startsWith("ap-northeast-1") || r.startsWith("ap-northeast-3")) {
            out.add("jp.");
            out.add("apac.");
        } else if (r.startsWith("ap-southeast-2") || r.startsWith("ap-southeast-4")) {
            out.add("au.");
            out.add("apac.");
        } else if (r.startsWith("ap-")) {
            out.add("apac.");
        }
        out.add("global.");
        return out;
    }

    private static String profilesOf(Snapshot s, String base) {
        List<String> ids = s.profiles().stream().filter(p -> p.id().endsWith("." + base)).map(InferenceProfile::id).toList();
        return ids.isEmpty() ? "" : "; available: " + ids;
    }

    private static String suggestion(Snapshot s, String base, FoundationModel fm) {
        String provider = fm != null ? fm.provider() : base.contains(".") ? base.substring(0, base.indexOf('.')) : "";
        String output = fm != null && !fm.outputModalities().isEmpty() ? fm.outputModalities().get(0) : "TEXT";
        Optional<String> r = KnownModels.fact(base).map(KnownModels.Fact::replacement);
        if (r.isPresent()) {
            return "; use " + r.get();
        }
        return s.models().values().stream()
                .filter(m -> m.lifecycle() == ModelLifecycle.ACTIVE && !m.modelId().equals(base))
                .filter(m -> m.provider().equalsIgnoreCase(provider) || m.modelId().startsWith(provider + "."))
                .filter(m -> m.outputModalities().contains(output))
                .map(FoundationModel::modelId)
                .max(Comparator.comparingInt((String id) -> commonPrefix(id, base)).thenComparing(Comparator.naturalOrder()))
                .map(id -> "; suggested replacement: " + id).orElse("");
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    @Override
    public void close() {
        client.close();
    }

    /** Builder for {@link ModelCatalog}. */
    public static final class Builder {
        private final TraeConfig config;
        private Duration ttl = Duration.ofHours(1);
        private final Map<String, String> endOfLife = new LinkedHashMap<>();

        private Builder(TraeConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        /** How long the catalog is cached (default one hour). */
        public Builder ttl(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new TraeValidationException("ttl", "must be positive");
            }
            this.ttl = d;
            return this;
        }

        /** Declares a model EOL (for example from the AWS model lifecycle page) with its replacement. */
        public Builder endOfLife(String modelId, String replacement) {
            endOfLife.put(Objects.requireNonNull(modelId), Objects.requireNonNull(replacement));
            return this;
        }

        public ModelCatalog build() {
            return new ModelCatalog(config, ttl, endOfLife);
        }
    }
}
