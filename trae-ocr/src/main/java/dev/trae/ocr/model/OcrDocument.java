package dev.trae.ocr.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of recognising one input (an image, a multi-page TIFF or a PDF).
 *
 * @param name   the input's name (file name, or what the caller gave)
 * @param pages  the pages in order
 * @param images the page images that were recognised, in order, for searchable-PDF output; empty when
 *               the engine was told not to keep them
 */
public record OcrDocument(String name, List<OcrPage> pages, List<java.awt.image.BufferedImage> images) {

    public OcrDocument {
        Objects.requireNonNull(name, "name");
        pages = List.copyOf(pages);
        images = List.copyOf(images);
    }

    /** The text of every page; pages separated by a form feed. */
    public String text() {
        return pages.stream().map(OcrPage::text).collect(Collectors.joining("\n\f"));
    }

    /** Mean word confidence over all pages. */
    public double meanConfidence() {
        return pages.stream().flatMap(p -> p.words().stream()).mapToDouble(OcrWord::confidence).average().orElse(0);
    }

    /** A copy with other pages and the same images. */
    public OcrDocument withPages(List<OcrPage> newPages) {
        return new OcrDocument(name, newPages, images);
    }

    @Override
    public String toString() {
        return "OcrDocument[" + name + ", " + pages.size() + " page(s)]";
    }
}
