package dev.trae.aws.bedrock.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.trae.aws.bedrock.model.ModelCapabilities;

/**
 * What the Bedrock API does not tell: context windows, tool/document/caching support by model family,
 * and retired model ids with their suggested replacements. Used offline, before any call; the catalog's
 * live data (lifecycle, modalities, streaming) wins where it exists.
 */
public final class KnownModels {
    /** Inference-profile geography prefixes. */
    public static final List<String> GEO_PREFIXES = List.of("us-gov.", "us.", "eu.", "apac.", "jp.", "au.", "ca.", "global.");

    /** Retired ids (no longer callable) and what to use instead. */
    private static final Map<String, String> RETIRED = Map.ofEntries(
            Map.entry("anthropic.claude-v1", "anthropic.claude-3-5-haiku-20241022-v1:0"),
            Map.entry("anthropic.claude-v2", "anthropic.claude-3-5-haiku-20241022-v1:0"),
            Map.entry("anthropic.claude-v2:1", "anthropic.claude-3-5-haiku-20241022-v1:0"),
            Map.entry("anthropic.claude-instant-v1", "anthropic.claude-3-5-haiku-20241022-v1:0"),
            Map.entry("meta.llama2-13b-chat-v1", "meta.llama3-1-8b-instruct-v1:0"),
            Map.entry("meta.llama2-70b-chat-v1", "meta.llama3-1-70b-instruct-v1:0"),
            Map.entry("ai21.j2-mid-v1", "ai21.jamba-1-5-mini-v1:0"),
            Map.entry("ai21.j2-ultra-v1", "ai21.jamba-1-5-large-v1:0"));

    /** Ids that never existed but appear in old samples, with the id meant. */
    private static final Map<String, String> NONEXISTENT = Map.of(
            "amazon.nova-1", "amazon.nova-lite-v1:0",
            "amazon.nova", "amazon.nova-lite-v1:0",
            "amazon.nova-v1", "amazon.nova-lite-v1:0");

    private KnownModels() {
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

    /** The replacement of a retired model id. */
    public static Optional<String> retiredReplacement(String id) {
        return Optional.ofNullable(RETIRED.get(baseId(id)));
    }

    /** The id meant by a model id that never existed. */
    public static Optional<String> nonexistentSuggestion(String id) {
        return Optional.ofNullable(NONEXISTENT.get(id.toLowerCase(Locale.ROOT)));
    }

    /** Capabilities by model family; {@code images} and {@code streaming} as a fallback when the catalog is not consulted. */
    public static ModelCapabilities capabilities(String modelId) {
        String id = baseId(modelId).toLowerCase(Locale.ROOT);
        if (id.startsWith("arn:")) {
            // custom or provisioned model: capabilities of its base are unknown here; allow the common ones
            return new ModelCapabilities(true, true, true, true, false, 128_000);
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
            boolean caching = id.contains("3-5-haiku") || id.contains("3-7") || id.contains("sonnet-4") || id.contains("opus-4")
                    || id.contains("haiku-4");
            boolean images = !id.contains("3-5-haiku");
            return new ModelCapabilities(true, true, images, true, caching, 200_000);
        }
        if (id.startsWith("meta.llama3") || id.startsWith("meta.llama4")) {
            return new ModelCapabilities(true, true, id.contains("vision") || id.startsWith("meta.llama4"), true, false, 128_000);
        }
        if (id.startsWith("mistral.") || id.startsWith("cohere.") || id.startsWith("ai21.")) {
            return new ModelCapabilities(true, true, false, true, false, 128_000);
        }
        return new ModelCapabilities(true, true, true, true, false, 128_000);
    }
}
