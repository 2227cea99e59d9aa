package dev.trae.aws.lex;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link IntentRouter#route} did with a turn.
 *
 * @param outcome which path was taken
 * @param intent  the turn's intent (empty string for none)
 * @param value   what the handler returned, when a handler ran and returned something
 * @param turn    the routed turn
 */
public record RouteResult(Outcome outcome, String intent, Optional<Object> value, LexTurn turn) {
    public RouteResult {
        Objects.requireNonNull(outcome, "outcome");
        intent = intent == null ? "" : intent;
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(turn, "turn");
    }

    /** The routing paths. */
    public enum Outcome {
        /** The intent was ready (or fulfilled by a hook) and its handler ran. */
        HANDLED,
        /** Lex asks the user to confirm; the confirmation handler ran if one is registered. */
        CONFIRMING,
        /** The user declined the confirmation; the denial handler ran if one is registered. */
        DENIED,
        /** Lex is still collecting slots; nothing ran. */
        ELICITING,
        /** No intent matched well enough; the fallback handler ran if one is registered. */
        FALLBACK,
        /** Lex gave up on the intent (too many retries); the fallback handler ran if one is registered. */
        FAILED,
        /** The intent is ready but no handler is registered for it. */
        UNHANDLED
    }

    /** The handler's value as a type. */
    public <T> Optional<T> value(Class<T> type) {
        return value.filter(type::isInstance).map(type::cast);
    }
}
