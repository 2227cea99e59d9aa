package dev.trae.aws.vision.model;

/** A signature found on a page. */
public record Signature(int page, double confidence, Geometry geometry) {
}
