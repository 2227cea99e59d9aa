package dev.trae.ocr.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One recognised page. Coordinates are pixels of the page image that was recognised (after rotation,
 * deskew and rescaling, at {@link #dpi()}); {@link #width()} and {@link #height()} are its size.
 *
 * @param number        1-based page number within the document
 * @param width         image width in pixels
 * @param height        image height in pixels
 * @param dpi           resolution of that image (300 for rendered PDF pages and rescaled scans)
 * @param source        OCR or the PDF text layer
 * @param blocks        the text blocks in reading order
 * @param preprocessing what preprocessing did
 */
public record OcrPage(int number, int width, int height, int dpi, PageSource source, List<OcrBlock> blocks,
                      PreprocessReport preprocessing) {

    public OcrPage {
        Objects.requireNonNull(source, "source");
        blocks = List.copyOf(blocks);
        Objects.requireNonNull(preprocessing, "preprocessing");
    }

    /** Every line of every block, in reading order. */
    public List<OcrLine> lines() {
        List<OcrLine> out = new ArrayList<>();
        blocks.forEach(b -> out.addAll(b.lines()));
        return out;
    }

    /** Every word, in reading order. */
    public List<OcrWord> words() {
        List<OcrWord> out = new ArrayList<>();
        lines().forEach(l -> out.addAll(l.words()));
        return out;
    }

    /** The text: lines separated by newlines, blocks by blank lines. */
    public String text() {
        return blocks.stream().map(OcrBlock::text).collect(Collectors.joining("\n\n"));
    }

    /** Mean word confidence in [0, 100]; 0 for a page without words. */
    public double meanConfidence() {
        return words().stream().mapToDouble(OcrWord::confidence).average().orElse(0);
    }

    /** A copy with other blocks (after correction). */
    public OcrPage withBlocks(List<OcrBlock> newBlocks) {
        return new OcrPage(number, width, height, dpi, source, newBlocks, preprocessing);
    }
}
