package dev.trae.aws.lex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Messages;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.aws.lex.model.DialogActionType;

/**
 * What {@link LexSession#put} sets on the Lex session (PutSession): the dialog action, optionally an intent
 * with slot values, session attributes and messages Lex should report as sent. Immutable.
 *
 * <pre>{@code
 * session.put(u -> u.intent("OrderFuel").slot("FuelType", "diesel").elicitSlot("Liters").attribute("station", "Kyiv-12"));
 * }</pre>
 */
public final class SessionUpdate {
    private final DialogActionType dialogAction;
    private final String slotToElicit;
    private final String intent;
    private final Map<String, String> slots;
    private final Map<String, String> attributes;
    private final List<String> messages;

    private SessionUpdate(Builder b) {
        this.dialogAction = b.dialogAction;
        this.slotToElicit = b.slotToElicit;
        this.intent = b.intent;
        this.slots = Map.copyOf(b.slots);
        this.attributes = Map.copyOf(b.attributes);
        this.messages = List.copyOf(b.messages);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DialogActionType dialogAction() {
        return dialogAction;
    }

    public java.util.Optional<String> slotToElicit() {
        return java.util.Optional.ofNullable(slotToElicit);
    }

    public java.util.Optional<String> intent() {
        return java.util.Optional.ofNullable(intent);
    }

    public Map<String, String> slots() {
        return slots;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public List<String> messages() {
        return messages;
    }

    @Override
    public String toString() {
        return "SessionUpdate[dialogAction=" + dialogAction.wireName() + ", intent=" + intent + ", slots=" + slots.keySet()
                + ", attributes=" + attributes.keySet() + ", messages=" + messages.size() + "]";
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private DialogActionType dialogAction = DialogActionType.ELICIT_INTENT;
        private String slotToElicit;
        private String intent;
        private final Map<String, String> slots = new LinkedHashMap<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<String> messages = new ArrayList<>();

        private Builder() {
        }

        /** Sets the active intent. */
        public Builder intent(String name) {
            this.intent = name;
            return this;
        }

        public Builder slot(String name, String value) {
            slots.put(Objects.requireNonNull(name, "slot"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Lex should next ask for {@code slot} of the intent. */
        public Builder elicitSlot(String slot) {
            this.dialogAction = DialogActionType.ELICIT_SLOT;
            this.slotToElicit = slot;
            return this;
        }

        public Builder confirmIntent() {
            this.dialogAction = DialogActionType.CONFIRM_INTENT;
            return this;
        }

        public Builder close() {
            this.dialogAction = DialogActionType.CLOSE;
            return this;
        }

        public Builder elicitIntent() {
            this.dialogAction = DialogActionType.ELICIT_INTENT;
            return this;
        }

        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder attributes(Map<String, String> all) {
            all.forEach(this::attribute);
            return this;
        }

        public Builder message(String text) {
            messages.add(Objects.requireNonNull(text, "message"));
            return this;
        }

        public SessionUpdate build() {
            if (intent != null && (intent.isEmpty() || intent.length() > 100 || !BotDefinition.isValidName(intent))) {
                throw new TraeValidationException("intent", "breaks Lex naming rules: " + Messages.shorten(intent));
            }
            if (!slots.isEmpty() && intent == null) {
                throw new TraeValidationException("slots", "slot values need an intent");
            }
            for (String s : slots.keySet()) {
                if (!BotDefinition.isValidName(s)) {
                    throw new TraeValidationException("slots", "slot name breaks Lex naming rules: " + Messages.shorten(s));
                }
            }
            if (dialogAction == DialogActionType.ELICIT_SLOT && (intent == null || slotToElicit == null
                    || !BotDefinition.isValidName(slotToElicit))) {
                throw new TraeValidationException("slotToElicit", "ElicitSlot needs an intent and a valid slot name");
            }
            if ((dialogAction == DialogActionType.CONFIRM_INTENT || dialogAction == DialogActionType.CLOSE) && intent == null) {
                throw new TraeValidationException("intent", dialogAction.wireName() + " needs an intent");
            }
            LexSession.checkAttributes(attributes);
            if (messages.size() > 10 || messages.stream().anyMatch(m -> m.isEmpty() || m.length() > 1000)) {
                throw new TraeValidationException("messages", "up to 10 messages of 1 to 1000 characters");
            }
            return new SessionUpdate(this);
        }
    }
}
