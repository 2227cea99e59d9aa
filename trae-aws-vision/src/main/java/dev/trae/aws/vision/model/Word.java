package dev.trae.aws.vision.model;

/** A word of a document; {@code handwriting} when Textract classed it as handwritten. */
public record Word(String text, double confidence, Geometry geometry, boolean handwriting) {
}
