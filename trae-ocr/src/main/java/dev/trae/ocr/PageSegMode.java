package dev.trae.ocr;

/** Tesseract page segmentation modes (how the page is split into blocks, lines and words). */
public enum PageSegMode {
    /** Automatic page segmentation without orientation detection (Tesseract's default, 3). */
    AUTO(3),
    /** Automatic, with orientation and script detection by Tesseract itself (1). */
    AUTO_OSD(1),
    /** A single column of text of variable sizes (4): forms and reports often read better this way. */
    SINGLE_COLUMN(4),
    /** A single uniform block of vertically aligned text (6). */
    SINGLE_BLOCK(6),
    /** A single text line (7). */
    SINGLE_LINE(7),
    /** A single word (8). */
    SINGLE_WORD(8),
    /** As much text as possible in no particular order (11): labels, receipts, scattered text. */
    SPARSE_TEXT(11),
    /** Sparse text with orientation and script detection (12). */
    SPARSE_TEXT_OSD(12),
    /** A raw line, bypassing Tesseract's text-specific hacks (13). */
    RAW_LINE(13);

    private final int code;

    PageSegMode(int code) {
        this.code = code;
    }

    /** Tesseract's numeric value ({@code --psm}). */
    public int code() {
        return code;
    }
}
