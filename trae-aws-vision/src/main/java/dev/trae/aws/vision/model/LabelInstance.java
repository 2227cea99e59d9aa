package dev.trae.aws.vision.model;

/** One occurrence of a labelled object in an image. */
public record LabelInstance(BoundingBox box, double confidence) {
}
