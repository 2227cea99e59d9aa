package dev.trae.ocr.model;

import java.util.Objects;

/**
 * A recognised word.
 *
 * @param text       the word, never blank
 * @param box        where it is on the page
 * @param confidence Tesseract's confidence in [0, 100]; 100 for words from a PDF text layer
 */
public record OcrWord(String text, PixelBox box, float confidence) {

    public OcrWord {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(box, "box");
    }

    /** A copy with other text (after domain correction). */
    public OcrWord withText(String newText) {
        return new OcrWord(newText, box, confidence);
    }
}
