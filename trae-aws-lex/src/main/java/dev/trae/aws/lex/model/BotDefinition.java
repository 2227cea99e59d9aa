package dev.trae.aws.lex.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.trae.aws.core.TraeValidationException;

/**
 * A Lex V2 bot as code: the DSL that {@link dev.trae.aws.lex.BotBuilder} deploys. {@link Builder#build()}
 * validates everything Lex would reject (names, locale ids, every {@code {Slot}} of an utterance exists, no
 * duplicate utterances, slot types defined, prompts for required slots, lengths and ranges) and throws one
 * {@link TraeValidationException} listing every problem, before any call. Immutable; export and import as
 * JSON with {@link #toJson()} and {@link #fromJson(String)}.
 *
 * <pre>{@code
 * BotDefinition bot = BotDefinition.builder("FuelStation")
 *         .roleArn("arn:aws:iam::123456789012:role/LexFuelStation")
 *         .locale("en_US", l -> l
 *                 .slotType("FuelType", t -> t.value("diesel").value("petrol", "gasoline").value("lpg", "autogas"))
 *                 .intent("OrderFuel", i -> i
 *                         .utterances("I need fuel", "{Liters} liters of {FuelType}")
 *                         .slot("FuelType", "FuelType", s -> s.prompt("Which fuel?"))
 *                         .slot("Liters", "AMAZON.Number", s -> s.prompt("How many liters?"))
 *                         .confirmation("Pump {Liters} liters of {FuelType}?", "Cancelled.")))
 *         .build();
 * }</pre>
 *
 * @param name          bot name
 * @param description   may be empty
 * @param roleArn       IAM role Lex uses for the bot
 * @param idleSessionTtl how long Lex keeps an idle session (1 minute to 24 hours)
 * @param childDirected COPPA flag
 * @param locales       at least one locale
 */
public record BotDefinition(String name, String description, String roleArn, Duration idleSessionTtl, boolean childDirected,
                            List<LocaleDefinition> locales) {
    /** The JSON format id written by {@link #toJson()}. */
    public static final String FORMAT = "trae-lex-bot/1";

    public BotDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        roleArn = roleArn == null ? "" : roleArn;
        Objects.requireNonNull(idleSessionTtl, "idleSessionTtl");
        locales = List.copyOf(locales);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Whether {@code name} follows Lex's rule for the names of bots, intents, slots, slot types and aliases: letters and
     * digits, each optionally followed by one {@code _} or {@code -} (the API reference's pattern
     * {@code ^([0-9a-zA-Z][_-]?){1,100}$}). Callers bound the length (100 characters) themselves.
     */
    public static boolean isValidName(String name) {
        return name != null && DefinitionRules.NAME.matcher(name).matches();
    }

    /** Whether {@code arn} is an IAM role ARN as Lex takes one: {@code arn:aws:iam::<12-digit account>:role/<name>}. */
    public static boolean isValidRoleArn(String arn) {
        return arn != null && DefinitionRules.ROLE_ARN.matcher(arn).matches();
    }

    /**
     * Checks this definition against the Lex rules, as {@link Builder#build()} does, for a definition made with the
     * canonical constructor rather than the builder.
     *
     * @return this definition
     * @throws TraeValidationException listing every problem
     */
    public BotDefinition validate() {
        DefinitionRules.validate(this, false);
        return this;
    }

    /** A builder holding this definition's values; {@link Builder#build()} validates again. */
    public Builder toBuilder() {
        Builder b = new Builder(name).description(description).roleArn(roleArn).idleSessionTtl(idleSessionTtl).childDirected(childDirected);
        locales.forEach(b::locale);
        return b;
    }

    public Optional<LocaleDefinition> locale(String localeId) {
        return locales.stream().filter(l -> l.localeId().equals(localeId)).findFirst();
    }

    /** The definition as JSON (format {@value #FORMAT}); deterministic, so equal definitions give equal text. */
    public String toJson() {
        return DefinitionJson.write(this);
    }

    /**
     * Reads a definition written by {@link #toJson()} (or by hand) and validates it like the builder. Unknown
     * fields, wrong types, another format id, and input over 1 MiB are refused.
     */
    public static BotDefinition fromJson(String json) {
        return DefinitionJson.read(json);
    }

    /** SHA-256 (hex) of {@link #toJson()}: identifies this exact definition, e.g. in version descriptions. */
    public String fingerprint() {
        return DefinitionJson.fingerprint(this);
    }

    /** DSL builder. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String roleArn = "";
        private Duration ttl = Duration.ofMinutes(5);
        private boolean childDirected;
        private final List<LocaleDefinition> locales = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** The IAM role Lex uses, {@code arn:aws:iam::<account>:role/<name>}. */
        public Builder roleArn(String arn) {
            this.roleArn = arn;
            return this;
        }

        public Builder idleSessionTtl(Duration d) {
            this.ttl = d;
            return this;
        }

        public Builder childDirected(boolean c) {
            this.childDirected = c;
            return this;
        }

        public Builder locale(String localeId, Consumer<LocaleDefinition.Builder> spec) {
            LocaleDefinition.Builder b = new LocaleDefinition.Builder(localeId);
            spec.accept(b);
            locales.add(b.build());
            return this;
        }

        /** Adds an already built locale (used by JSON import). */
        public Builder locale(LocaleDefinition locale) {
            locales.add(Objects.requireNonNull(locale, "locale"));
            return this;
        }

        /** Validates and builds; throws one {@link TraeValidationException} listing every problem. */
        public BotDefinition build() {
            if (ttl == null) {
                throw new TraeValidationException("idleSessionTtl", "must not be null");
            }
            BotDefinition d = new BotDefinition(name == null ? "" : name, description, roleArn, ttl, childDirected, locales);
            DefinitionRules.validate(d, name == null);
            return d;
        }
    }
}
