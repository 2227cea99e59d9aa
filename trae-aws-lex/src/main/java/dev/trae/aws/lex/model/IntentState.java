package dev.trae.aws.lex.model;

import java.util.Locale;

/** State of the recognised intent ({@code intent.state}). */
public enum IntentState {
    IN_PROGRESS("InProgress"),
    READY_FOR_FULFILLMENT("ReadyForFulfillment"),
    FULFILLMENT_IN_PROGRESS("FulfillmentInProgress"),
    FULFILLED("Fulfilled"),
    FAILED("Failed"),
    WAITING("Waiting"),
    /** No intent, or a value this SDK version does not know. */
    UNKNOWN("Unknown");

    private final String wire;

    IntentState(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    public static IntentState fromWire(String s) {
        if (s != null) {
            for (IntentState t : values()) {
                if (t.wire.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        return UNKNOWN;
    }

    /** Whether the application should now act on the intent (ready for fulfillment, or fulfilled by a hook). */
    public boolean actionable() {
        return this == READY_FOR_FULFILLMENT || this == FULFILLED;
    }
}
