package dev.trae.aws.lex;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the Lex slot a record component of an {@link IntentRouter} parameter type binds to, when the
 * component name differs (without it, names match ignoring case).
 *
 * <pre>{@code
 * record FuelOrder(@SlotName("FuelType") Fuel fuel, int liters, Optional<Integer> pump) { }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface SlotName {
    String value();
}
