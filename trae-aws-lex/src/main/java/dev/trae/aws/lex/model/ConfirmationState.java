package dev.trae.aws.lex.model;

import java.util.Locale;

/** Whether the user confirmed the intent ({@code intent.confirmationState}). */
public enum ConfirmationState {
    NONE("None"), CONFIRMED("Confirmed"), DENIED("Denied");

    private final String wire;

    ConfirmationState(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    /** Parses a wire name; unknown or missing values are {@link #NONE}. */
    public static ConfirmationState fromWire(String s) {
        if (s != null) {
            for (ConfirmationState t : values()) {
                if (t.wire.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        return NONE;
    }
}
