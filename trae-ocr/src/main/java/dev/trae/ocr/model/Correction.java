package dev.trae.ocr.model;

/**
 * A word changed by the domain dictionary.
 *
 * @param page      1-based page number
 * @param line      0-based line index within the page
 * @param original  the word as recognised
 * @param corrected the dictionary term it was changed to (with the original's case and punctuation)
 * @param distance  the edit distance between them (homoglyphs such as Latin 'a' and Cyrillic 'а' count 0)
 */
public record Correction(int page, int line, String original, String corrected, int distance) {
}
