package dev.trae.aws.lex.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A custom slot type: values with synonyms. {@code restrictToValues} makes Lex resolve to the listed values
 * only ({@code TopResolution}); otherwise it also accepts similar words ({@code OriginalValue}). Immutable.
 *
 * @param name             slot type name (Lex rules: letters, digits, single {@code _} or {@code -} between them)
 * @param description      may be empty
 * @param values           the values, at least one
 * @param restrictToValues {@code TopResolution} when true
 */
public record SlotTypeDefinition(String name, String description, List<Value> values, boolean restrictToValues) {
    public SlotTypeDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        values = List.copyOf(values);
    }

    /** A value and its synonyms. */
    public record Value(String value, List<String> synonyms) {
        public Value {
            Objects.requireNonNull(value, "value");
            synonyms = List.copyOf(synonyms);
        }
    }

    /** Builder used by {@link LocaleDefinition.Builder#slotType}. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<Value> values = new ArrayList<>();
        private boolean restrict = true;

        Builder(String name) {
            this.name = name;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** Adds a value with optional synonyms. */
        public Builder value(String value, String... synonyms) {
            values.add(new Value(Objects.requireNonNull(value, "value"), List.of(synonyms)));
            return this;
        }

        /** Adds several values without synonyms. */
        public Builder values(String... vs) {
            for (String v : vs) {
                value(v);
            }
            return this;
        }

        public Builder restrictToValues(boolean r) {
            this.restrict = r;
            return this;
        }

        SlotTypeDefinition build() {
            return new SlotTypeDefinition(name, description, values, restrict);
        }
    }
}
