package dev.trae.aws.lex.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One language of a bot: its slot types and intents. Immutable.
 *
 * @param localeId            Lex locale id such as {@code en_US}
 * @param description         may be empty
 * @param confidenceThreshold NLU confidence below which Lex picks {@code FallbackIntent} (0 to 1)
 * @param voiceId             Amazon Polly voice for audio replies; empty for none
 * @param slotTypes           custom slot types
 * @param intents             intents ({@code FallbackIntent} exists implicitly)
 */
public record LocaleDefinition(String localeId, String description, double confidenceThreshold, String voiceId,
                               List<SlotTypeDefinition> slotTypes, List<IntentDefinition> intents) {
    public LocaleDefinition {
        Objects.requireNonNull(localeId, "localeId");
        description = description == null ? "" : description;
        voiceId = voiceId == null ? "" : voiceId;
        slotTypes = List.copyOf(slotTypes);
        intents = List.copyOf(intents);
    }

    /** Whether {@code localeId} is a locale Lex V2 supports, such as {@code en_US} or {@code es_419}. */
    public static boolean isSupportedLocale(String localeId) {
        return localeId != null && DefinitionRules.LOCALES.contains(localeId);
    }

    public Optional<IntentDefinition> intent(String name) {
        return intents.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<SlotTypeDefinition> slotType(String name) {
        return slotTypes.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Builder used by {@link BotDefinition.Builder#locale}. */
    public static final class Builder {
        private final String localeId;
        private String description = "";
        private double threshold = 0.4;
        private String voiceId = "";
        private final List<SlotTypeDefinition> slotTypes = new ArrayList<>();
        private final List<IntentDefinition> intents = new ArrayList<>();

        Builder(String localeId) {
            this.localeId = localeId;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** NLU confidence threshold, 0 to 1 (default 0.4). */
        public Builder confidenceThreshold(double t) {
            this.threshold = t;
            return this;
        }

        /** Amazon Polly voice id such as {@code Joanna}. */
        public Builder voice(String id) {
            this.voiceId = id;
            return this;
        }

        public Builder slotType(String name, Consumer<SlotTypeDefinition.Builder> spec) {
            SlotTypeDefinition.Builder b = new SlotTypeDefinition.Builder(name);
            spec.accept(b);
            slotTypes.add(b.build());
            return this;
        }

        public Builder intent(String name, Consumer<IntentDefinition.Builder> spec) {
            IntentDefinition.Builder b = new IntentDefinition.Builder(name);
            spec.accept(b);
            intents.add(b.build());
            return this;
        }

        LocaleDefinition build() {
            return new LocaleDefinition(localeId, description, threshold, voiceId, slotTypes, intents);
        }
    }
}
