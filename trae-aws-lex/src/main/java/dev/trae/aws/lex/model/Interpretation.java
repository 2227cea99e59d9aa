package dev.trae.aws.lex.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One way Lex understood the input: an intent and its confidence (absent for {@code FallbackIntent}).
 *
 * @param intent     intent name
 * @param confidence NLU confidence between 0 and 1, when Lex gave one
 */
public record Interpretation(String intent, OptionalDouble confidence) {
    public Interpretation {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(confidence, "confidence");
    }
}
