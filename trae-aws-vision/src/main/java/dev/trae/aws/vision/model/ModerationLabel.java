package dev.trae.aws.vision.model;

/**
 * An unsafe-content label: {@code parentName} is empty for a top-level category, {@code level} is the
 * taxonomy level (1 = top).
 */
public record ModerationLabel(String name, String parentName, double confidence, int level) {
}
