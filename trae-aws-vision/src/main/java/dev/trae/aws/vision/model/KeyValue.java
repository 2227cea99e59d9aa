package dev.trae.aws.vision.model;

/** A form field: its key text ("Date:"), value text, confidence and where each is. */
public record KeyValue(int page, String key, String value, double confidence, Geometry keyGeometry, Geometry valueGeometry) {
}
