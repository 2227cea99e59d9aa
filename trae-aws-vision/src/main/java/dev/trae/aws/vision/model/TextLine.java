package dev.trae.aws.vision.model;

import java.util.List;

/** A line of text found in an image, with its words. */
public record TextLine(String text, double confidence, Geometry geometry, List<TextWord> words) {
    public TextLine {
        words = List.copyOf(words);
    }
}
