package dev.trae.aws.vision.model;

import java.util.List;

/**
 * An object, scene or concept Rekognition found: its name, confidence (0..100), the boxes of individual
 * instances (empty for scenes and concepts) and its parents in the label hierarchy ("Car" has "Vehicle").
 */
public record Label(String name, double confidence, List<LabelInstance> instances, List<String> parents) {
    public Label {
        instances = List.copyOf(instances);
        parents = List.copyOf(parents);
    }
}
