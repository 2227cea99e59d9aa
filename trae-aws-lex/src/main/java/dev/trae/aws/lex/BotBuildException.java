package dev.trae.aws.lex;

import java.util.List;

import dev.trae.aws.core.TraeException;

/** Lex finished a locale build (or a version) as {@code Failed}; {@link #reasons()} are Lex's failure reasons. */
public final class BotBuildException extends TraeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> reasons;

    public BotBuildException(String message, List<String> reasons) {
        super(message + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
