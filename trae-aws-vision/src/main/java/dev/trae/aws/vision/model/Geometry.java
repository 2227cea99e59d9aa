package dev.trae.aws.vision.model;

import java.util.List;

/** Where something is: a bounding box and, when the service reports one, a finer polygon. */
public record Geometry(BoundingBox box, List<Point> polygon) {
    /** No geometry. */
    public static final Geometry NONE = new Geometry(BoundingBox.EMPTY, List.of());

    public Geometry {
        polygon = List.copyOf(polygon);
    }
}
