package dev.trae.aws.bedrock.model;

import java.util.List;
import java.util.Optional;

/**
 * The result of code generation: files with paths and languages, the model's explanation and
 * suggestions, and, when validation ran, every validate-and-refine round.
 *
 * @param files       the generated files
 * @param explanation the explanation (empty when the model gave none)
 * @param suggestions follow-up suggestions
 * @param rounds      validate-and-refine rounds (empty when validation was off)
 * @param usage       tokens of all model calls
 * @param modelId     the model used
 */
public record GeneratedCode(List<CodeFile> files, String explanation, List<String> suggestions, List<RefinementRound> rounds,
                            TokenUsage usage, String modelId) {
    public GeneratedCode {
        files = List.copyOf(files);
        suggestions = List.copyOf(suggestions);
        rounds = List.copyOf(rounds);
    }

    /** Whether the last validation round passed (true when validation was off). */
    public boolean valid() {
        return rounds.isEmpty() || rounds.get(rounds.size() - 1).valid();
    }

    /** The file with this path. */
    public Optional<CodeFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** The first file, if any. */
    public Optional<CodeFile> mainFile() {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(0));
    }
}
