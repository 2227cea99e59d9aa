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
 * <p>Every {@link Fact} names the AWS page its lifecycle status and dates were read from, and the date they were read
 * ({@link #TABLE_AS_OF}). Only facts read on AWS's own Bedrock pages are in the table: the model lifecycle pages and the
 * model cards. Models whose status could not be confirmed there (Claude 1/2/Instant, Claude 3 Opus, Claude Opus 4.5,
 * Llama 2, Jurassic-2, Llama 4, Mistral) are not in it and pass through like any unknown model. A model whose EOL date
 * has passed is refused offline, naming its replacement when one is set; a replacement is never itself LEGACY or EOL
 * (a unit test enforces this). Replacements are this SDK's suggestion (the newest ACTIVE model of the same provider and
 * tier on the model cards): AWS's lifecycle pages name none. Ids not in the table are not refused: they pass through
 * with a warning and permissive capabilities ({@link ModelCapabilities#known()} is {@code false}).
 */
public final class KnownModels {
    /** Inference-profile geography prefixes. */
    public static final List<String> GEO_PREFIXES = List.of("us-gov.", "us.", "eu.", "apac.", "jp.", "au.", "ca.", "global.");
    /** The date the table was last checked against its sources. */
    public static final LocalDate TABLE_AS_OF = LocalDate.of(2026, 12, 3);

    /** Model lifecycle, the version before the page was split for models launched from 2026-09-07 on: its Legacy/EOL table. */
    static final String LIFECYCLE = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html";
    /** Model lifecycle (Legacy), for models launched before 2026-09-07: "Models with a scheduled EOL date", "Models that have reached EOL". */
    static final String LIFECYCLE_LEGACY = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html";
    static final String CARD = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-";
    static final String CUSTOMIZATION = "https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-fine-tuning.html#custom-model-supported";
    static final String NOVA_CUSTOMIZATION = "https://docs.aws.amazon.com/nova/latest/userguide/customization.html";

    /**
     * One entry of the table.
     *
     * @param modelId      the base model id
     * @param lifecycle    the lifecycle status as of {@code checked}
     * @param eol          the EOL date when one is announced
     * @param replacement  the model to move to (ACTIVE), when the model is LEGACY or EOL; {@code null} when none is named
     * @param source       the AWS page the lifecycle fact comes from
     * @param checked      when it was taken from there
     * @param note         what the page says beyond status and date (regions, how the status was read); may be empty
     */
    public record Fact(String modelId, ModelLifecycle lifecycle, LocalDate eol, String replacement, String source, LocalDate checked,
                       String note) {
        public Fact {
            Objects.requireNonNull(modelId);
            Objects.requireNonNull(lifecycle);
            Objects.requireNonNull(source);
            Objects.requireNonNull(checked);
            note = note == null ? "" : note;
        }

        /** The status on {@code day}: an announced EOL date that has passed makes the model EOL. */
        public ModelLifecycle lifecycleOn(LocalDate day) {
            return eol != null && !day.isBefore(eol) ? ModelLifecycle.EOL : lifecycle;
        }
    }

    private static final Map<String, Fact> FACTS = new LinkedHashMap<>();

    private static void fact(String id, ModelLifecycle l, String eol, String replacement, String source, String note) {
        FACTS.put(id, new Fact(id, l, eol == null ? null : LocalDate.parse(eol), replacement, source, TABLE_AS_OF, note));
    }

    private static final String HAIKU_4_5 = "anthropic.claude-haiku-4-5-20251001-v1:0";
    private static final String SONNET_4_6 = "anthropic.claude-sonnet-4-6";
    private static final String OPUS_4_7 = "anthropic.claude-opus-4-7";
    private static final String NOVA_2_LITE = "amazon.nova-2-lite-v1:0";

    static {
        ModelLifecycle active = ModelLifecycle.ACTIVE;
        ModelLifecycle legacy = ModelLifecycle.LEGACY;
        ModelLifecycle eol = ModelLifecycle.EOL;
        // ---- ACTIVE: "Model lifecycle: Active" on the model card (the replacements below all point here)
        fact(HAIKU_4_5, active, null, null, CARD + "anthropic-claude-haiku-4-5.html",
                "card: launched 2025-10-16; not on the Legacy page's scheduled-EOL table; reached through inference profiles");
        fact(SONNET_4_6, active, null, null, CARD + "anthropic-claude-sonnet-4-6.html", "card: launched 2026-02-17, 1M context");
        fact("anthropic.claude-opus-4-6", active, null, null, CARD + "anthropic-claude-opus-4-6.html",
                "card: launched 2026-02-05, EOL no sooner than 2027-02-05, 1M context");
        fact(OPUS_4_7, active, null, null, CARD + "anthropic-claude-opus-4-7.html",
                "card: launched 2026-04-16, EOL no sooner than 2027-04-16, 1M context, adaptive thinking only");
        fact(NOVA_2_LITE, active, null, null, CARD + "amazon-nova-2-lite.html",
                "card: launched 2025-12-02, 1M context; cross-Region inference profiles only");
        fact("stability.stable-image-core-v1:1", active, null, null, CARD + "stability-ai-stable-image-core-1-0.html",
                "card: text to image, no response streaming, us-west-2");
        // Nova 1 text models: no card was read; status from their absence on both lifecycle pages' Legacy/EOL tables
        for (String nova : List.of("amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0")) {
            fact(nova, active, null, null, LIFECYCLE_LEGACY, "not on the Legacy or EOL tables of either lifecycle page");
        }

        // ---- LEGACY, EOL announced (Model lifecycle (Legacy): "Models with a scheduled EOL date"; cards)
        fact("anthropic.claude-sonnet-4-5-20250929-v1:0", legacy, "2027-04-08", SONNET_4_6, LIFECYCLE_LEGACY,
                "Legacy since 2026-10-08, public extended access from 2027-01-08");
        fact("anthropic.claude-opus-4-1-20250805-v1:0", legacy, "2027-01-08", OPUS_4_7, LIFECYCLE_LEGACY,
                "Legacy since 2026-07-08, public extended access from 2026-10-08; us-east-1, us-east-2, us-west-2");
        fact("meta.llama3-3-70b-instruct-v1:0", legacy, "2027-03-30", null, CARD + "meta-llama-3-3-70b-instruct.html",
                "card: Model lifecycle Legacy, Model EOL date March 30, 2027; no ACTIVE Llama model was confirmed to name");
        // EOL on 2026-09-10 only in the Regions the page lists; the card says it still serves ca-central-1, eu-central-2 and
        // sa-east-1 (Legacy in ap-northeast-2): LEGACY here, so that it is warned about, not refused, where it still works
        fact("anthropic.claude-3-haiku-20240307-v1:0", legacy, null, HAIKU_4_5, CARD + "anthropic-claude-3-haiku.html",
                "EOL 2026-09-10 in most Regions (ResourceNotFoundException); still in ca-central-1, eu-central-2, sa-east-1");

        // ---- EOL (dates from the lifecycle pages; a model is refused offline from its EOL date on)
        fact("anthropic.claude-sonnet-4-20250514-v1:0", eol, "2026-10-14", SONNET_4_6, LIFECYCLE_LEGACY,
                "Legacy since 2026-04-14");
        fact("anthropic.claude-opus-4-20250514-v1:0", eol, "2026-05-31", OPUS_4_7, LIFECYCLE, "Legacy since 2025-10-01");
        fact("anthropic.claude-3-5-haiku-20241022-v1:0", eol, "2026-06-19", HAIKU_4_5, LIFECYCLE,
                "Legacy since 2025-12-19; us-east-1, us-east-2, us-west-2");
        // the pages list these only for the Regions whose EOL was still ahead (the last one 2026-07-30); the other
        // Regions had passed theirs and were no longer listed
        fact("anthropic.claude-3-7-sonnet-20250219-v1:0", eol, "2026-07-30", SONNET_4_6, LIFECYCLE,
                "last listed EOL 2026-07-30 (us-gov-east-1, us-gov-west-1); other Regions earlier");
        fact("anthropic.claude-3-5-sonnet-20240620-v1:0", eol, "2026-07-30", SONNET_4_6, LIFECYCLE,
                "EOL 2026-06-01 in eu-central-2, 2026-07-30 in the other listed Regions");
        fact("anthropic.claude-3-5-sonnet-20241022-v2:0", eol, "2026-07-30", SONNET_4_6, LIFECYCLE, "");
        fact("anthropic.claude-3-sonnet-20240229-v1:0", eol, "2026-07-30", SONNET_4_6, LIFECYCLE, "");
        fact("amazon.nova-premier-v1:0", eol, "2026-09-14", NOVA_2_LITE, LIFECYCLE, "Legacy since 2026-03-13");
        fact("amazon.nova-sonic-v1:0", eol, "2026-09-14", null, LIFECYCLE_LEGACY, "Legacy since 2026-03-13");
        // Amazon names no image or video generation successor on Bedrock; the catalog suggests an ACTIVE image model
        fact("amazon.nova-canvas-v1:0", eol, "2026-09-30", null, LIFECYCLE_LEGACY,
                "ap-northeast-1, eu-west-1, us-east-1 (all its Regions)");
        fact("amazon.nova-reel-v1:0", eol, "2026-09-30", null, LIFECYCLE_LEGACY, "");
        fact("amazon.nova-reel-v1:1", eol, "2026-09-30", null, LIFECYCLE_LEGACY, "");
        fact("amazon.titan-image-generator-v2:0", eol, "2026-06-30", null, LIFECYCLE, "us-east-1, us-west-2");
        for (String llama : List.of("meta.llama3-1-405b-instruct-v1:0", "meta.llama3-2-1b-instruct-v1:0", "meta.llama3-2-3b-instruct-v1:0",
                "meta.llama3-2-11b-instruct-v1:0", "meta.llama3-2-90b-instruct-v1:0")) {
            fact(llama, eol, "2026-07-07", null, LIFECYCLE, "Legacy since 2026-01-07");
        }
        fact("cohere.command-r-v1:0", legacy, "2026-08-19", null, LIFECYCLE_LEGACY, "");
        fact("cohere.command-r-plus-v1:0", legacy, "2026-08-19", null, LIFECYCLE_LEGACY, "");
        fact("ai21.jamba-1-5-large-v1:0", legacy, "2026-11-26", null, LIFECYCLE_LEGACY, "");
        fact("ai21.jamba-1-5-mini-v1:0", legacy, "2026-11-26", null, LIFECYCLE_LEGACY, "");
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
     * Fine-tuning is done on base ids with a context-length suffix (the ids ListFoundationModels reports with
     * {@code customizationsSupported}); the plain ids are for inference only and CreateModelCustomizationJob refuses
     * them. The suffixed id meant by a plain id (source: the fine-tuning table of {@value #CUSTOMIZATION}, and for Nova 1
     * {@value #NOVA_CUSTOMIZATION}).
     */
    private static final Map<String, String> CUSTOMIZATION_BASE = Map.of(
            "amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0:128k",
            "amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0:300k",
            "amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0:300k",
            NOVA_2_LITE, "amazon.nova-2-lite-v1:0:256k",
            "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0:200k");

    /** The customization base id meant by a plain inference id, when {@code id} is one. */
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
                // Claude 4.x and later: images, documents, tools and prompt caching; Sonnet 4.6, Opus 4.6 and 4.7 have 1M tokens (cards)
                int window = id.startsWith("anthropic.claude-sonnet-4-6") || id.startsWith("anthropic.claude-opus-4-6")
                        || id.startsWith("anthropic.claude-opus-4-7") ? 1_000_000 : 200_000;
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
