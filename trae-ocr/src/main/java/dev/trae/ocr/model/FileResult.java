package dev.trae.ocr.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one file of a batch: its document, or why it failed.
 *
 * @param file     the file as given
 * @param document the result when it succeeded
 * @param error    the failure message when it failed
 * @param millis   time spent on it
 */
public record FileResult(String file, Optional<OcrDocument> document, Optional<String> error, long millis) {

    public FileResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(error, "error");
    }

    public boolean succeeded() {
        return document.isPresent();
    }
}
