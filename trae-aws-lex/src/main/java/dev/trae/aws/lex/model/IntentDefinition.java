package dev.trae.aws.lex.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An intent: sample utterances, slots in elicitation order, an optional confirmation prompt with its
 * declination response, an optional closing response and the code-hook flags. Immutable.
 *
 * @param name                 intent name
 * @param description          may be empty
 * @param utterances           sample utterances; {@code {Slot}} marks a slot
 * @param slots                slots, in priority (elicitation) order
 * @param confirmationPrompt   empty for none; may use {@code {Slot}} references
 * @param declinationResponse  what Lex says when the user declines; empty for none
 * @param closingResponse      what Lex says when the intent is done; empty for none
 * @param dialogCodeHook       whether Lex calls the dialog code hook
 * @param fulfillmentCodeHook  whether Lex calls the fulfillment code hook
 */
public record IntentDefinition(String name, String description, List<String> utterances, List<SlotDefinition> slots,
                               String confirmationPrompt, String declinationResponse, String closingResponse,
                               boolean dialogCodeHook, boolean fulfillmentCodeHook) {
    public IntentDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        utterances = List.copyOf(utterances);
        slots = List.copyOf(slots);
        confirmationPrompt = confirmationPrompt == null ? "" : confirmationPrompt;
        declinationResponse = declinationResponse == null ? "" : declinationResponse;
        closingResponse = closingResponse == null ? "" : closingResponse;
    }

    /** The slot with this name, if any. */
    public Optional<SlotDefinition> slot(String slotName) {
        return slots.stream().filter(s -> s.name().equals(slotName)).findFirst();
    }

    /** Builder used by {@link LocaleDefinition.Builder#intent}. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<String> utterances = new ArrayList<>();
        private final List<SlotDefinition> slots = new ArrayList<>();
        private String confirmation = "";
        private String declination = "";
        private String closing = "";
        private boolean dialogHook;
        private boolean fulfillmentHook;

        Builder(String name) {
            this.name = name;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** Adds sample utterances; {@code {Slot}} marks a slot, e.g. {@code "{Liters} liters of {FuelType}"}. */
        public Builder utterances(String... us) {
            for (String u : us) {
                utterances.add(Objects.requireNonNull(u, "utterance"));
            }
            return this;
        }

        /** Adds a required slot of {@code slotType}; slots are elicited in the order they are added. */
        public Builder slot(String slotName, String slotType, Consumer<SlotDefinition.Builder> spec) {
            SlotDefinition.Builder b = new SlotDefinition.Builder(slotName, slotType);
            spec.accept(b);
            slots.add(b.build());
            return this;
        }

        /** Asks the user to confirm, e.g. {@code "Pump {Liters} liters of {FuelType}?"}, and says {@code declined} on "no". */
        public Builder confirmation(String prompt, String declined) {
            this.confirmation = prompt;
            this.declination = declined;
            return this;
        }

        public Builder closing(String response) {
            this.closing = response;
            return this;
        }

        public Builder dialogCodeHook(boolean on) {
            this.dialogHook = on;
            return this;
        }

        public Builder fulfillmentCodeHook(boolean on) {
            this.fulfillmentHook = on;
            return this;
        }

        IntentDefinition build() {
            return new IntentDefinition(name, description, utterances, slots, confirmation, declination, closing,
                    dialogHook, fulfillmentHook);
        }
    }
}
