package dev.trae.aws.lex.model;

import java.util.Locale;

/** What Lex does next in the conversation (the {@code dialogAction.type} of the session state). */
public enum DialogActionType {
    /** Lex asks for a slot value ({@code slotToElicit}). */
    ELICIT_SLOT("ElicitSlot"),
    /** Lex asks the user to confirm the intent. */
    CONFIRM_INTENT("ConfirmIntent"),
    /** Lex asks what the user wants. */
    ELICIT_INTENT("ElicitIntent"),
    /** The intent is done (fulfilled, ready for fulfillment, or failed). */
    CLOSE("Close"),
    /** Lex decides the next action (code hooks). */
    DELEGATE("Delegate"),
    /** No dialog action in the session state. */
    NONE("None"),
    /** A value this SDK version does not know. */
    UNKNOWN("Unknown");

    private final String wire;

    DialogActionType(String wire) {
        this.wire = wire;
    }

    /** The Lex wire name, such as {@code ElicitSlot}. */
    public String wireName() {
        return wire;
    }

    /** Parses a Lex wire name; null or empty is {@link #NONE}. */
    public static DialogActionType fromWire(String s) {
        if (s == null || s.isEmpty()) {
            return NONE;
        }
        for (DialogActionType t : values()) {
            if (t.wire.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
