package dev.trae.aws.vision.model;

/** A word found in an image, with its geometry. */
public record TextWord(String text, double confidence, Geometry geometry) {
}
