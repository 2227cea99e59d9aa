package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.model.ConfirmationState;
import dev.trae.aws.lex.model.DialogActionType;
import dev.trae.aws.lex.model.IntentState;
import dev.trae.aws.lex.model.Interpretation;
import dev.trae.aws.lex.model.SlotValue;
import org.junit.jupiter.api.Test;

class IntentRouterTest {
    enum Fuel { DIESEL, PETROL, LPG, AUTO_GAS }

    record Order(@SlotName("FuelType") Fuel fuel, int liters, Optional<Integer> pump) {
    }

    record AllTypes(String s, long l, double d, BigDecimal b, boolean yes, LocalDate date, LocalTime time, SlotValue raw,
                    Optional<String> missing, Integer boxed) {
    }

    record Bad(List<String> list) {
    }

    static final class NotARecord {
    }

    private static LexTurn turn(String intent, IntentState state, DialogActionType action, ConfirmationState conf, double confidence,
                                Map<String, String> slots) {
        Map<String, SlotValue> sv = new java.util.LinkedHashMap<>();
        slots.forEach((k, v) -> sv.put(k, new SlotValue(v, v, List.of(v))));
        return new LexTurn("s-1", "text", intent, state, conf, confidence < 0 ? OptionalDouble.empty() : OptionalDouble.of(confidence),
                sv, List.of("msg"), action, null, Map.of(), Map.of(),
                List.of(new Interpretation(intent == null ? "FallbackIntent" : intent, OptionalDouble.empty())), null, null);
    }

    private static LexTurn ready(String intent, Map<String, String> slots) {
        return turn(intent, IntentState.READY_FOR_FULFILLMENT, DialogActionType.CLOSE, ConfirmationState.CONFIRMED, 0.9, slots);
    }

    @Test
    void route_whenReady_bindsEnumIntAndOptional() {
        IntentRouter r = IntentRouter.builder().on("OrderFuel", Order.class, (o, t) -> o).build();
        assertThat(r.route(ready("OrderFuel", Map.of("FuelType", "lpg", "Liters", "40"))).value(Order.class))
                .contains(new Order(Fuel.LPG, 40, Optional.empty()));
        assertThat(r.route(ready("OrderFuel", Map.of("FuelType", "auto-gas", "liters", "40.0", "Pump", "3"))).value(Order.class))
                .contains(new Order(Fuel.AUTO_GAS, 40, Optional.of(3)));
    }

    @Test
    void route_whenAllSupportedTypes_converts() {
        IntentRouter r = IntentRouter.builder().on("X", AllTypes.class, (o, t) -> o).build();
        AllTypes a = r.route(ready("X", Map.of("s", "text", "l", "12345678901", "d", "2.5", "b", "19.99", "yes", "Yes",
                "date", "2026-11-23", "time", "08:30", "raw", "r", "boxed", "7"))).value(AllTypes.class).orElseThrow();
        assertThat(a.l()).isEqualTo(12345678901L);
        assertThat(a.b()).isEqualByComparingTo("19.99");
        assertThat(a.yes()).isTrue();
        assertThat(a.date()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(a.time()).isEqualTo(LocalTime.of(8, 30));
        assertThat(a.raw().interpreted()).isEqualTo("r");
        assertThat(a.missing()).isEmpty();
        assertThat(a.boxed()).isEqualTo(7);
    }

    @Test
    void route_whenValueCannotConvert_failsWithoutShowingTheValue() {
        IntentRouter r = IntentRouter.builder().on("OrderFuel", Order.class, (o, t) -> o).build();
        assertThatThrownBy(() -> r.route(ready("OrderFuel", Map.of("FuelType", "kerosene-secret-42", "Liters", "4"))))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("FuelType").hasMessageNotContaining("kerosene");
        assertThatThrownBy(() -> r.route(ready("OrderFuel", Map.of("FuelType", "lpg", "Liters", "forty"))))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("Liters");
        assertThatThrownBy(() -> r.route(ready("OrderFuel", Map.of("FuelType", "lpg", "Liters", "4.5"))))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> r.route(ready("OrderFuel", Map.of("FuelType", "lpg"))))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("primitive");
    }

    @Test
    void builder_whenRegistrationWrong_refusesAtOnce() {
        assertThatThrownBy(() -> IntentRouter.builder().on("X", Bad.class, (o, t) -> o)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("unsupported type");
        assertThatThrownBy(() -> IntentRouter.builder().on("X", NotARecord.class, (o, t) -> o)).hasMessageContaining("record");
        assertThatThrownBy(() -> IntentRouter.builder().on("bad name", t -> t)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> IntentRouter.builder().on(null, t -> t)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> IntentRouter.builder().on("X", t -> t).on("X", t -> t)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> IntentRouter.builder().minConfidence(1.1)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> IntentRouter.builder().minConfidence(Double.NaN)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> IntentRouter.builder().on("X", (java.util.function.Function<LexTurn, ?>) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void route_followsTheDialog() {
        IntentRouter r = IntentRouter.builder()
                .on("OrderFuel", t -> "handled")
                .onConfirm("OrderFuel", Order.class, (o, t) -> "confirm " + o.fuel())
                .onDenied("OrderFuel", t -> "denied")
                .fallback(t -> "fallback")
                .minConfidence(0.6)
                .build();
        assertThat(r.route(turn("OrderFuel", IntentState.IN_PROGRESS, DialogActionType.ELICIT_SLOT, ConfirmationState.NONE, 0.9, Map.of())).outcome())
                .isEqualTo(RouteResult.Outcome.ELICITING);
        RouteResult c = r.route(turn("OrderFuel", IntentState.IN_PROGRESS, DialogActionType.CONFIRM_INTENT, ConfirmationState.NONE, 0.9,
                Map.of("FuelType", "diesel", "Liters", "5")));
        assertThat(c.outcome()).isEqualTo(RouteResult.Outcome.CONFIRMING);
        assertThat(c.value()).contains("confirm DIESEL");
        assertThat(r.route(turn("OrderFuel", IntentState.FAILED, DialogActionType.CLOSE, ConfirmationState.DENIED, 0.9, Map.of())).value())
                .contains("denied");
        assertThat(r.route(turn("OrderFuel", IntentState.FAILED, DialogActionType.CLOSE, ConfirmationState.NONE, 0.9, Map.of())).outcome())
                .isEqualTo(RouteResult.Outcome.FAILED);
        assertThat(r.route(ready("OrderFuel", Map.of())).value()).contains("handled");
        assertThat(r.route(turn("OrderFuel", IntentState.FULFILLED, DialogActionType.CLOSE, ConfirmationState.NONE, 0.9, Map.of())).value())
                .contains("handled");
        RouteResult low = r.route(turn("OrderFuel", IntentState.READY_FOR_FULFILLMENT, DialogActionType.CLOSE, ConfirmationState.NONE, 0.5, Map.of()));
        assertThat(low.outcome()).isEqualTo(RouteResult.Outcome.FALLBACK);
        assertThat(r.route(turn(null, IntentState.UNKNOWN, DialogActionType.NONE, ConfirmationState.NONE, -1, Map.of())).value()).contains("fallback");
        assertThat(r.route(ready("Other", Map.of())).outcome()).isEqualTo(RouteResult.Outcome.UNHANDLED);
        assertThatThrownBy(() -> r.route(null)).isInstanceOf(NullPointerException.class);
    }
}
