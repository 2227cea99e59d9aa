package dev.trae.ocr;

import java.util.Locale;

import dev.trae.aws.core.TraeValidationException;

/** Output formats of {@link OcrWriter}. */
public enum OcrFormat {
    /** Plain UTF-8 text; pages separated by form feeds. */
    TEXT("txt", "text/plain; charset=utf-8"),
    /** Structured JSON: pages, blocks, lines, words with boxes and confidences, plus extracted fields. */
    JSON("json", "application/json"),
    /** Tesseract-compatible TSV (one row per page, block, line and word). */
    TSV("tsv", "text/tab-separated-values; charset=utf-8"),
    /** hOCR (XHTML with bounding boxes). */
    HOCR("hocr", "text/html; charset=utf-8"),
    /** ALTO XML v4. */
    ALTO("xml", "application/xml"),
    /** CSV, one row per line of text. */
    CSV("csv", "text/csv; charset=utf-8"),
    /** A searchable PDF: the page images with an invisible text layer. */
    PDF("pdf", "application/pdf");

    private final String extension;
    private final String contentType;

    OcrFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** Parses a format name, case-insensitive ({@code text}, {@code json}, {@code hocr}, ...). */
    public static OcrFormat parse(String name) {
        if (name != null) {
            for (OcrFormat f : values()) {
                if (f.name().equalsIgnoreCase(name.trim()) || ("txt".equalsIgnoreCase(name.trim()) && f == TEXT)) {
                    return f;
                }
            }
        }
        throw new TraeValidationException("format", "unknown output format '" + name + "'; use one of "
                + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
