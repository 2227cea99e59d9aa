package dev.trae.aws.bedrock.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.bedrock.model.ModelCapabilities;
import dev.trae.aws.bedrock.model.ModelLifecycle;

/**
 * The built-in model table: the <em>offline fallback</em> for what the live catalog
 * ({@code ListFoundationModels}/{@code GetFoundationModel}) tells when it is reachable, plus what the Bedrock API
 * does not tell at all (context windows, tool/document/prompt-caching support by family).
 *
 * <p>Every {@link Fact} names its source page and the date the fact was taken from it. The table reflects
 * December 2026; {@link #TABLE_AS_OF}. A model whose EOL date has passed is refused offline, naming its
 * replacement, and no replacement is itself LEGACY or EOL (a unit test enforces this). Ids not in the table
 * are not refused: they pass through with a warning and permissive capabilities ({@link ModelCapabilities#known()}
 * is {@code false}).
 */
public final class KnownModels {
    /** Inference-profile geography prefixes. */
    public static final List<String> GEO_PREFIXES = List.of("us-gov.", "us.", "eu.", "apac.", "jp.", "au.", "ca.", "global.");
    /** The date the table was last checked against its sources. */
    public static final LocalDate TABLE_AS_OF = LocalDate.of(2026, 12, 3);

    static final String LIFECYCLE = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html";
    static final String LIFECYCLE_LEGACY = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html";
    static final String CARDS = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards.html";
    static final String NOVA2 = "https://docs.aws.amazon.com/nova/latest/nova2-userguide/what-is-nova-2.html";
    static final String CUSTOMIZATION = "https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-supported.html";

    /**
     * One entry of the table.
     *
     * @param modelId      the base model id
     * @param lifecycle    the lifecycle status as of {@code checked}
     * @param eol          the EOL date when one is announced
     * @param replacement  the model to move to (ACTIVE), when the model is LEGACY or EOL; {@code null} when none is named
     * @param source       the page the lifecycle fact comes from
     * @param checked      when it was taken from there
     */
    public record Fact(String modelId, ModelLifecycle lifecycle, LocalDate eol, String replacement, String source, LocalDate checked) {
        public Fact {
            Objects.requireNonNull(modelId);
            Objects.requireNonNull(lifecycle);
            Objects.requireNonNull(source);
            Objects.requireNonNull(checked);
        }

        /** The status on {@code day}: an announced EOL date that has passed makes the model EOL. */
        public ModelLifecycle lifecycleOn(LocalDate day) {
            return eol != null && !day.isBefore(eol) ? ModelLifecycle.EOL : lifecycle;
        }
    }

    private static final Map<String, Fact> FACTS = new LinkedHashMap<>();

    private static void fact(String id, ModelLifecycle l, String eol, String replacement, String source) {
        FACTS.put(id, new Fact(id, l, eol == null ? null : LocalDate.parse(eol), replacement, source, TABLE_AS_OF));
    }

    static {
        // ---- current models (ACTIVE on Bedrock; the replacements below all point here)
        // Claude 4.5 / 4.6 / 4.7: model cards; 4.6 and 4.7 and Haiku 4.5 are INFERENCE_PROFILE-only
        fact("anthropic.claude-haiku-4-5-20251001-v1:0", ModelLifecycle.ACTIVE, null, null,
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-haiku-4-5.html");
        fact("anthropic.claude-sonnet-4-5-20250929-v1:0", ModelLifecycle.ACTIVE, null, null,
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-sonnet-4-5.html");
        fact("anthropic.claude-opus-4-5-20251101-v1:0", ModelLifecycle.ACTIVE, null, null,
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-opus-4-5.html");
        fact("anthropic.claude-sonnet-4-6", ModelLifecycle.ACTIVE, null, null,
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-sonnet-4-6.html");
        fact("anthropic.claude-opus-4-7", ModelLifecycle.ACTIVE, null, null,
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-opus-4-7.html");
        // Nova 2 Lite: reached through an inference profile (global. / us.amazon.nova-2-lite-v1:0)
        fact("amazon.nova-2-lite-v1:0", ModelLifecycle.ACTIVE, null, null, NOVA2);
        fact("amazon.nova-micro-v1:0", ModelLifecycle.ACTIVE, null, null, CARDS);
        fact("amazon.nova-lite-v1:0", ModelLifecycle.ACTIVE, null, null, CARDS);
        fact("amazon.nova-pro-v1:0", ModelLifecycle.ACTIVE, null, null, CARDS);
        fact("amazon.nova-canvas-v1:0", ModelLifecycle.ACTIVE, null, null, CARDS);

        // ---- Legacy and EOL (dates: model lifecycle page; the "Legacy" variant lists models launched before 2026-09-07)
        fact("anthropic.claude-3-5-haiku-20241022-v1:0", ModelLifecycle.LEGACY, "2026-06-19",
                "anthropic.claude-haiku-4-5-20251001-v1:0", LIFECYCLE_LEGACY);
        fact("anthropic.claude-3-7-sonnet-20250219-v1:0", ModelLifecycle.LEGACY, "2026-04-28",
                "anthropic.claude-sonnet-4-6", LIFECYCLE_LEGACY);
        fact("anthropic.claude-3-5-sonnet-20240620-v1:0", ModelLifecycle.EOL, null, "anthropic.claude-sonnet-4-6", LIFECYCLE_LEGACY);
        fact("anthropic.claude-3-5-sonnet-20241022-v2:0", ModelLifecycle.EOL, null, "anthropic.claude-sonnet-4-6", LIFECYCLE_LEGACY);
        fact("anthropic.claude-3-sonnet-20240229-v1:0", ModelLifecycle.EOL, null, "anthropic.claude-sonnet-4-6", LIFECYCLE_LEGACY);
        fact("anthropic.claude-3-opus-20240229-v1:0", ModelLifecycle.EOL, null, "anthropic.claude-opus-4-7", LIFECYCLE_LEGACY);
        fact("anthropic.claude-v1", ModelLifecycle.EOL, null, "anthropic.claude-haiku-4-5-20251001-v1:0", LIFECYCLE_LEGACY);
        fact("anthropic.claude-v2", ModelLifecycle.EOL, null, "anthropic.claude-haiku-4-5-20251001-v1:0", LIFECYCLE_LEGACY);
        fact("anthropic.claude-v2:1", ModelLifecycle.EOL, null, "anthropic.claude-haiku-4-5-20251001-v1:0", LIFECYCLE_LEGACY);
        fact("anthropic.claude-instant-v1", ModelLifecycle.EOL, null, "anthropic.claude-haiku-4-5-20251001-v1:0", LIFECYCLE_LEGACY);
        fact("amazon.nova-premier-v1:0", ModelLifecycle.LEGACY, "2026-09-14", "amazon.nova-2-lite-v1:0", LIFECYCLE_LEGACY);
        // Nova Reel: no video-generation successor is named on Bedrock
        fact("amazon.nova-reel-v1:0", ModelLifecycle.LEGACY, "2026-09-30", null, LIFECYCLE_LEGACY);
        fact("amazon.nova-reel-v1:1", ModelLifecycle.LEGACY, "2026-09-30", null, LIFECYCLE_LEGACY);
        // Llama 2 and AI21 Jurassic-2 are long EOL; the Llama 3.x/4 and Jamba lifecycles could not be confirmed for
        // December 2026, so no replacement is named (the live catalog suggests an ACTIVE model of the provider)
        fact("meta.llama2-13b-chat-v1", ModelLifecycle.EOL, null, null, LIFECYCLE_LEGACY);
        fact("meta.llama2-70b-chat-v1", ModelLifecycle.EOL, null, null, LIFECYCLE_LEGACY);
        fact("ai21.j2-mid-v1", ModelLifecycle.EOL, null, null, LIFECYCLE_LEGACY);
        fact("ai21.j2-ultra-v1", ModelLifecycle.EOL, null, null, LIFECYCLE_LEGACY);
    }

    /** Ids that never existed but appear in old samples, with the id meant. */
    private static final Map<String, String> NONEXISTENT = Map.of(
            "amazon.nova-1", "amazon.nova-lite-v1:0",
            "amazon.nova", "amazon.nova-lite-v1:0",
            "amazon.nova-v1", "amazon.nova-lite-v1:0");

    private KnownModels() {
    }

    /** Every entry of the built-in table. */
    public static List<Fact> facts() {
        return List.copyOf(FACTS.values());
    }

    /** The table's entry for a model or profile id. */
    public static Optional<Fact> fact(String id) {
        return Optional.ofNullable(FACTS.get(baseId(id)));
    }

    /** The base model id behind an inference-profile id ({@code us.amazon.nova-lite-v1:0} to {@code amazon.nova-lite-v1:0}). */
    public static String baseId(String id) {
        for (String p : GEO_PREFIXES) {
            if (id.startsWith(p)) {
                return id.substring(p.length());
            }
        }
        return id;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /**
     * Whether the table knows the model as EOL today (its status, or an announced EOL date that has passed); the
     * replacement when one is named, else an empty string.
     */
    public static Optional<String> retiredReplacement(String id) {
        Fact f = FACTS.get(baseId(id));
        if (f == null || f.lifecycleOn(today()) != ModelLifecycle.EOL) {
            return Optional.empty();
        }
        return Optional.of(f.replacement() == null ? "" : f.replacement());
    }

    /**
     * Nova fine-tuning is done on base ids with a context-length suffix (the ids ListFoundationModels reports with
     * {@code customizationsSupported}); the plain ids are for inference only and CreateModelCustomizationJob refuses
     * them. The suffixed id meant by a plain Nova id (source: {@value #CUSTOMIZATION}).
     */
    private static final Map<String, String> CUSTOMIZATION_BASE = Map.of(
            "amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0:128k",
            "amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0:300k",
            "amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0:300k");

    /** The customization base id meant by a plain Nova inference id, when {@code id} is one. */
    public static Optional<String> customizationBaseFor(String id) {
        return Optional.ofNullable(CUSTOMIZATION_BASE.get(id));
    }

    /** The id meant by a model id that never existed. */
    public static Optional<String> nonexistentSuggestion(String id) {
        return Optional.ofNullable(NONEXISTENT.get(id.toLowerCase(Locale.ROOT)));
    }

    /** Whether the built-in table or the family rules below know this model. */
    public static boolean knownFamily(String modelId) {
        return capabilities(modelId).known();
    }

    /**
     * Capabilities by model family for the offline fallback. For a family this table does not know, the
     * capabilities are permissive and {@link ModelCapabilities#known()} is {@code false}: nothing is refused for a
     * capability that is merely unknown, the service decides.
     */
    public static ModelCapabilities capabilities(String modelId) {
        String id = baseId(modelId).toLowerCase(Locale.ROOT);
        if (id.startsWith("arn:")) {
            // custom, provisioned or deployed model: its base model's capabilities are unknown here
            return ModelCapabilities.unknown();
        }
        if (id.startsWith("amazon.nova-micro")) {
            return new ModelCapabilities(true, true, false, false, true, 128_000);
        }
        if (id.startsWith("amazon.nova-2") || id.startsWith("amazon.nova-premier")) {
            return new ModelCapabilities(true, true, true, true, true, 1_000_000);
        }
        if (id.startsWith("amazon.nova-lite") || id.startsWith("amazon.nova-pro")) {
            return new ModelCapabilities(true, true, true, true, true, 300_000);
        }
        if (id.startsWith("amazon.nova-canvas") || id.startsWith("amazon.titan-image") || id.startsWith("stability.")
                || id.startsWith("amazon.nova-reel")) {
            return new ModelCapabilities(false, false, true, false, false, 1_000);
        }
        if (id.startsWith("amazon.titan-text")) {
            return new ModelCapabilities(true, false, false, true, false, id.contains("premier") ? 32_000 : 8_000);
        }
        if (id.startsWith("anthropic.claude")) {
            boolean legacy3 = id.startsWith("anthropic.claude-3-") || id.startsWith("anthropic.claude-v") || id.startsWith("anthropic.claude-instant");
            if (!legacy3) {
                // Claude 4.x and later: images, documents, tools and prompt caching; Sonnet 4.6 and Opus 4.7 have 1M tokens
                int window = id.startsWith("anthropic.claude-sonnet-4-6") || id.startsWith("anthropic.claude-opus-4-7")
                        ? 1_000_000 : 200_000;
                boolean knownVersion = id.matches("anthropic\\.claude-(sonnet|opus|haiku)-4(-[0-9])?(-.*)?");
                ModelCapabilities c = new ModelCapabilities(true, true, true, true, true, window);
                return knownVersion ? c : ModelCapabilities.unknown();
            }
            boolean caching = id.contains("3-5-haiku") || id.contains("3-7");
            boolean images = !id.contains("3-5-haiku");
            return new ModelCapabilities(true, true, images, true, caching, 200_000);
        }
        if (id.startsWith("meta.llama3") || id.startsWith("meta.llama4")) {
            return new ModelCapabilities(true, true, id.contains("vision") || id.startsWith("meta.llama4")
                    || id.contains("11b") || id.contains("90b"), true, false, 128_000);
        }
        if (id.startsWith("mistral.") || id.startsWith("cohere.") || id.startsWith("ai21.")) {
            return new ModelCapabilities(true, true, false, true, false, 128_000);
        }
        return ModelCapabilities.unknown();
    }
}
