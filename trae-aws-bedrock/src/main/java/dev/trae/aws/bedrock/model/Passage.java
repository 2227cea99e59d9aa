package dev.trae.aws.bedrock.model;

import java.util.Map;
import java.util.Optional;

/**
 * A passage retrieved from a knowledge base.
 *
 * @param text      the passage text
 * @param sourceUri where it comes from (an S3 URI, a web URL), empty when unknown
 * @param score     the relevance score, when the call reports one
 * @param metadata  the passage metadata as strings
 */
public record Passage(String text, String sourceUri, Optional<Double> score, Map<String, String> metadata) {
    public Passage {
        sourceUri = sourceUri == null ? "" : sourceUri;
        metadata = Map.copyOf(metadata);
    }
}
