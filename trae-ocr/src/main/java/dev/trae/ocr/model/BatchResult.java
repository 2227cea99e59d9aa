package dev.trae.ocr.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a batch: one result per file, in the order the files were given.
 *
 * @param files per-file results
 */
public record BatchResult(List<FileResult> files) {

    public BatchResult {
        files = List.copyOf(files);
    }

    public List<FileResult> succeeded() {
        return files.stream().filter(FileResult::succeeded).collect(Collectors.toList());
    }

    public List<FileResult> failed() {
        return files.stream().filter(f -> !f.succeeded()).collect(Collectors.toList());
    }

    /** Pages recognised over all successful files. */
    public int pages() {
        return succeeded().stream().mapToInt(f -> f.document().orElseThrow().pages().size()).sum();
    }
}
