package dev.trae.aws.bedrock.model;

/**
 * A problem found while validating generated code.
 *
 * @param path    the file
 * @param line    the 1-based line, or 0 when unknown
 * @param message what is wrong
 */
public record Diagnostic(String path, long line, String message) {
    @Override
    public String toString() {
        return path + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
