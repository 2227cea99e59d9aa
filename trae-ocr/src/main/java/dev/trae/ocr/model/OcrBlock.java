package dev.trae.ocr.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A block of text (a paragraph or column region) as laid out by Tesseract.
 *
 * @param lines the lines top to bottom
 * @param box   the block's box
 */
public record OcrBlock(List<OcrLine> lines, PixelBox box) {

    public OcrBlock {
        lines = List.copyOf(lines);
    }

    /** A block from lines, with its box computed. */
    public static OcrBlock of(List<OcrLine> lines) {
        PixelBox b = new PixelBox(0, 0, 0, 0);
        for (OcrLine l : lines) {
            b = b.union(l.box());
        }
        return new OcrBlock(lines, b);
    }

    /** The lines joined by newlines. */
    public String text() {
        return lines.stream().map(OcrLine::text).collect(Collectors.joining("\n"));
    }
}
