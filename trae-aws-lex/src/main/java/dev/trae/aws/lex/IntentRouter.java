package dev.trae.aws.lex;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Messages;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.aws.lex.internal.SlotBinder;
import dev.trae.aws.lex.model.ConfirmationState;
import dev.trae.aws.lex.model.DialogActionType;
import dev.trae.aws.lex.model.IntentState;

/**
 * Maps recognised intents to Java handlers. Slot values are bound to a record's components by name (or
 * {@link SlotName}) and converted to their types; types are checked when a handler is registered. A handler
 * runs when the intent is ready for fulfillment (or fulfilled by a code hook); a confirmation handler runs when
 * Lex asks the user to confirm, a denial handler when the user declines, the fallback handler for
 * {@code FallbackIntent}, for a confidence below {@link Builder#minConfidence(double)}, and when Lex gives up.
 * Immutable and thread-safe once built.
 *
 * <pre>{@code
 * enum Fuel { DIESEL, PETROL, LPG }
 * record FuelOrder(@SlotName("FuelType") Fuel fuel, int liters, Optional<Integer> pump) { }
 *
 * IntentRouter router = IntentRouter.builder()
 *         .on("OrderFuel", FuelOrder.class, (order, turn) -> pumps.authorise(order))
 *         .onConfirm("OrderFuel", FuelOrder.class, (order, turn) -> display.show(order))
 *         .onDenied("OrderFuel", turn -> "cancelled")
 *         .fallback(turn -> "Sorry, ask an operator.")
 *         .minConfidence(0.5)
 *         .build();
 * RouteResult r = router.route(session.say(text));
 * }</pre>
 */
public final class IntentRouter {
    private final Map<String, Function<LexTurn, Object>> handlers;
    private final Map<String, Function<LexTurn, Object>> confirmations;
    private final Map<String, Function<LexTurn, Object>> denials;
    private final Function<LexTurn, Object> fallback;
    private final double minConfidence;

    private IntentRouter(Builder b) {
        this.handlers = Map.copyOf(b.handlers);
        this.confirmations = Map.copyOf(b.confirmations);
        this.denials = Map.copyOf(b.denials);
        this.fallback = b.fallback;
        this.minConfidence = b.minConfidence;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Routes one turn; exceptions from handlers propagate unchanged. */
    public RouteResult route(LexTurn turn) {
        Objects.requireNonNull(turn, "turn");
        String intent = turn.intent().orElse("");
        boolean lowConfidence = turn.confidence().isPresent() && turn.confidence().getAsDouble() < minConfidence
                && turn.dialogAction() != DialogActionType.ELICIT_SLOT && turn.dialogAction() != DialogActionType.CONFIRM_INTENT;
        if (turn.isFallback() || lowConfidence) {
            return run(RouteResult.Outcome.FALLBACK, intent, fallback, turn);
        }
        if (turn.confirmationState() == ConfirmationState.DENIED) {
            return run(RouteResult.Outcome.DENIED, intent, denials.get(intent), turn);
        }
        if (turn.intentState() == IntentState.FAILED) {
            return run(RouteResult.Outcome.FAILED, intent, fallback, turn);
        }
        if (turn.dialogAction() == DialogActionType.CONFIRM_INTENT) {
            return run(RouteResult.Outcome.CONFIRMING, intent, confirmations.get(intent), turn);
        }
        if (turn.intentState().actionable()) {
            Function<LexTurn, Object> h = handlers.get(intent);
            return h == null ? new RouteResult(RouteResult.Outcome.UNHANDLED, intent, Optional.empty(), turn)
                    : run(RouteResult.Outcome.HANDLED, intent, h, turn);
        }
        return new RouteResult(RouteResult.Outcome.ELICITING, intent, Optional.empty(), turn);
    }

    private static RouteResult run(RouteResult.Outcome outcome, String intent, Function<LexTurn, Object> h, LexTurn turn) {
        return new RouteResult(outcome, intent, h == null ? Optional.empty() : Optional.ofNullable(h.apply(turn)), turn);
    }

    @Override
    public String toString() {
        return "IntentRouter[intents=" + handlers.keySet() + ", confirmations=" + confirmations.keySet() + ", minConfidence="
                + minConfidence + "]";
    }

    /** Builder; registration checks intent names and parameter types. */
    public static final class Builder {
        private final Map<String, Function<LexTurn, Object>> handlers = new LinkedHashMap<>();
        private final Map<String, Function<LexTurn, Object>> confirmations = new LinkedHashMap<>();
        private final Map<String, Function<LexTurn, Object>> denials = new LinkedHashMap<>();
        private Function<LexTurn, Object> fallback;
        private double minConfidence;

        private Builder() {
        }

        /** A handler with slots bound to {@code slotsType} (a record). */
        public <T> Builder on(String intent, Class<T> slotsType, BiFunction<? super T, LexTurn, ?> handler) {
            put(handlers, intent, binder(slotsType, handler));
            return this;
        }

        /** A handler that reads the turn itself. */
        public Builder on(String intent, Function<LexTurn, ?> handler) {
            Objects.requireNonNull(handler, "handler");
            put(handlers, intent, handler::apply);
            return this;
        }

        /** Runs when Lex asks to confirm {@code intent}, with the slots collected so far. */
        public <T> Builder onConfirm(String intent, Class<T> slotsType, BiFunction<? super T, LexTurn, ?> handler) {
            put(confirmations, intent, binder(slotsType, handler));
            return this;
        }

        /** Runs when the user declines {@code intent}. */
        public Builder onDenied(String intent, Function<LexTurn, ?> handler) {
            Objects.requireNonNull(handler, "handler");
            put(denials, intent, handler::apply);
            return this;
        }

        public Builder fallback(Function<LexTurn, ?> handler) {
            Objects.requireNonNull(handler, "handler");
            this.fallback = handler::apply;
            return this;
        }

        /** Turns with a lower NLU confidence go to the fallback (0 to 1; default 0: trust Lex's threshold). */
        public Builder minConfidence(double c) {
            if (!(c >= 0 && c <= 1)) {
                throw new TraeValidationException("minConfidence", "must be between 0 and 1, was " + c);
            }
            this.minConfidence = c;
            return this;
        }

        public IntentRouter build() {
            return new IntentRouter(this);
        }

        private static <T> Function<LexTurn, Object> binder(Class<T> slotsType, BiFunction<? super T, LexTurn, ?> handler) {
            Objects.requireNonNull(handler, "handler");
            SlotBinder<T> b = SlotBinder.of(slotsType);
            return turn -> handler.apply(b.bind(turn.slots()), turn);
        }

        private static void put(Map<String, Function<LexTurn, Object>> map, String intent, Function<LexTurn, Object> f) {
            if (intent == null || intent.length() > 100 || !BotDefinition.isValidName(intent)) {
                throw new TraeValidationException("intent", "breaks Lex naming rules: " + Messages.shorten(intent));
            }
            if (map.containsKey(intent)) {
                throw new TraeValidationException("intent", "a handler for " + intent + " is already registered");
            }
            map.put(intent, f);
        }
    }
}
