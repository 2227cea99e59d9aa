package dev.trae.ocr.model;

/** Where a page's text came from. */
public enum PageSource {
    /** Recognised by Tesseract from the image. */
    OCR,
    /** Taken from the PDF page's existing text layer (no OCR needed). */
    PDF_TEXT_LAYER
}
