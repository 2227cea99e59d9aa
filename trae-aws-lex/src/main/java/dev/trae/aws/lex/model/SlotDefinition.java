package dev.trae.aws.lex.model;

import java.util.Objects;

/**
 * A slot of an intent. Immutable.
 *
 * @param name        slot name, referenced in utterances as {@code {name}}
 * @param slotType    a custom slot type of the locale, or a built-in such as {@code AMAZON.Number}
 * @param required    whether Lex must elicit it
 * @param prompt      what Lex asks to elicit it (required slots need one)
 * @param maxRetries  how often Lex asks again (0 to 5)
 * @param description may be empty
 */
public record SlotDefinition(String name, String slotType, boolean required, String prompt, int maxRetries, String description) {
    public SlotDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(slotType, "slotType");
        prompt = prompt == null ? "" : prompt;
        description = description == null ? "" : description;
    }

    /** Builder used by {@link IntentDefinition.Builder#slot}. */
    public static final class Builder {
        private final String name;
        private final String type;
        private boolean required = true;
        private String prompt = "";
        private int maxRetries = 2;
        private String description = "";

        Builder(String name, String type) {
            this.name = name;
            this.type = type;
        }

        public Builder required(boolean r) {
            this.required = r;
            return this;
        }

        /** Makes the slot optional. */
        public Builder optional() {
            return required(false);
        }

        public Builder prompt(String p) {
            this.prompt = p;
            return this;
        }

        public Builder maxRetries(int n) {
            this.maxRetries = n;
            return this;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        SlotDefinition build() {
            return new SlotDefinition(name, type, required, prompt, maxRetries, description);
        }
    }
}
