package dev.trae.aws.vision.model;

/** A point in normalised coordinates (fractions of the image or page size). */
public record Point(double x, double y) {
}
