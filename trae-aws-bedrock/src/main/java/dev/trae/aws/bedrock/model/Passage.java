package dev.trae.aws.bedrock.model;

import java.util.Map;
import java.util.Optional;

/**
 * A passage retrieved from a knowledge base.
 *
 * @param text       the passage text
 * @param sourceUri  where it comes from: an S3 URI, a web/Confluence/SharePoint/Salesforce URL, a Kendra document URI,
 *                   or the document id of a CUSTOM data source; empty when the location has none (never a type name)
 * @param score      the relevance score, when the call reports one
 * @param metadata   the passage metadata as strings
 * @param sourceType the data-source type ({@code S3}, {@code WEB}, {@code CUSTOM}, ...), empty when not reported
 */
public record Passage(String text, String sourceUri, Optional<Double> score, Map<String, String> metadata, String sourceType) {
    /** A passage whose data-source type is not known. */
    public Passage(String text, String sourceUri, Optional<Double> score, Map<String, String> metadata) {
        this(text, sourceUri, score, metadata, "");
    }

    public Passage {
        sourceUri = sourceUri == null ? "" : sourceUri;
        sourceType = sourceType == null ? "" : sourceType;
        metadata = Map.copyOf(metadata);
    }
}
