package dev.trae.aws.vision.model;

import java.util.List;

/** A line of a document page with its words. */
public record Line(String text, double confidence, Geometry geometry, List<Word> words) {
    public Line {
        words = List.copyOf(words);
    }
}
