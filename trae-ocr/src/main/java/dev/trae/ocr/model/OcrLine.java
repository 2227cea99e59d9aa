package dev.trae.ocr.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A line of text: its words left to right, bounding box and mean word confidence.
 *
 * @param words      the words, never empty
 * @param box        the line's box
 * @param confidence mean word confidence in [0, 100]
 */
public record OcrLine(List<OcrWord> words, PixelBox box, float confidence) {

    public OcrLine {
        words = List.copyOf(words);
    }

    /** A line from words, with box and confidence computed. */
    public static OcrLine of(List<OcrWord> words) {
        PixelBox b = new PixelBox(0, 0, 0, 0);
        double c = 0;
        for (OcrWord w : words) {
            b = b.union(w.box());
            c += w.confidence();
        }
        return new OcrLine(words, b, words.isEmpty() ? 0 : (float) (c / words.size()));
    }

    /** The words joined by single spaces. */
    public String text() {
        return words.stream().map(OcrWord::text).collect(Collectors.joining(" "));
    }
}
