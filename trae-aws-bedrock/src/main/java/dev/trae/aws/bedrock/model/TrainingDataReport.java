package dev.trae.aws.bedrock.model;

import java.util.List;

/**
 * The result of checking a JSONL training file in the Bedrock conversation format.
 *
 * @param examples the number of valid examples
 * @param errors   problems per line (the file is refused while there are any)
 * @param warnings advice, such as fewer than the recommended 100 examples
 */
public record TrainingDataReport(int examples, List<LineError> errors, List<String> warnings) {
    public TrainingDataReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * A problem on one line.
     *
     * @param line    the 1-based line number (0 for the whole file)
     * @param message what is wrong
     */
    public record LineError(int line, String message) {
        @Override
        public String toString() {
            return (line > 0 ? "line " + line : "file") + ": " + message;
        }
    }
}
