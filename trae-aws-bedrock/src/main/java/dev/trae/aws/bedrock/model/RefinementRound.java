package dev.trae.aws.bedrock.model;

import java.util.List;

/**
 * One validate-and-refine round of code generation.
 *
 * @param round       1 for the first generation, 2+ for refinements
 * @param files       the files checked in this round
 * @param diagnostics what validation found (empty when valid)
 * @param usage       tokens of this round's model call
 */
public record RefinementRound(int round, List<CodeFile> files, List<Diagnostic> diagnostics, TokenUsage usage) {
    public RefinementRound {
        files = List.copyOf(files);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean valid() {
        return diagnostics.isEmpty();
    }
}
