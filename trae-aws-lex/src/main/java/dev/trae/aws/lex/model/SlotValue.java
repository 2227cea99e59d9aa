package dev.trae.aws.lex.model;

import java.util.List;
import java.util.Objects;

/**
 * A filled slot: what the user said ({@code original}), what Lex made of it ({@code interpreted}) and the
 * slot type values it resolved to. Immutable. {@link #toString()} hides the values (they may be personal data).
 *
 * @param original    the words as said
 * @param interpreted the value Lex chose (the canonical value for a restricted slot type)
 * @param resolved    candidate slot type values, best first; may be empty
 */
public record SlotValue(String original, String interpreted, List<String> resolved) {
    public SlotValue {
        Objects.requireNonNull(interpreted, "interpreted");
        original = original == null ? interpreted : original;
        resolved = resolved == null ? List.of() : List.copyOf(resolved);
    }

    /** The value to act on: the interpreted value. */
    public String value() {
        return interpreted;
    }

    @Override
    public String toString() {
        return "SlotValue[****]";
    }
}
