package dev.trae.aws.lex.model;

import static dev.trae.aws.core.spi.Messages.shorten;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trae.aws.core.TraeValidationException;

/**
 * The Lex V2 rules a bot definition is checked against before any call: the invariants of the model types, kept beside
 * them so that a model type needs no implementation package. Not API.
 */
final class DefinitionRules {
    /** Lex's name pattern for bots, intents, slots, slot types and aliases. */
    static final Pattern NAME = Pattern.compile("([0-9a-zA-Z][_-]?){1,100}");
    private static final Pattern SLOT_REF = Pattern.compile("\\{([^{}]*)}");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");
    /** Languages Lex V2 supports (locale ids). */
    static final Set<String> LOCALES = Set.of("ar_AE", "ca_ES", "cy_GB", "da_DK", "de_AT", "de_CH", "de_DE", "en_AU",
            "en_GB", "en_IE", "en_IN", "en_NZ", "en_US", "en_ZA", "es_419", "es_ES", "es_US", "fi_FI", "fr_CA", "fr_FR",
            "hi_IN", "is_IS", "it_IT", "ja_JP", "ko_KR", "nb_NO", "nl_NL", "pl_PL", "pt_BR", "pt_PT", "sv_SE", "tr_TR",
            "zh_CN", "zh_HK", "yue_HK");
    /** Built-in slot types this SDK knows. */
    static final Set<String> BUILT_IN_TYPES = Set.of("AMAZON.AlphaNumeric", "AMAZON.City", "AMAZON.Confirmation",
            "AMAZON.Country", "AMAZON.Date", "AMAZON.Duration", "AMAZON.EmailAddress", "AMAZON.FirstName",
            "AMAZON.FreeFormInput", "AMAZON.LastName", "AMAZON.Number", "AMAZON.Percentage", "AMAZON.PhoneNumber",
            "AMAZON.State", "AMAZON.StreetName", "AMAZON.Time", "AMAZON.UKPostalCode");

    private DefinitionRules() {
    }

    /** Throws one exception listing every problem. */
    static void validate(BotDefinition d, boolean nullName) {
        List<String> p = new ArrayList<>();
        if (nullName) {
            p.add("name: must not be null");
        } else {
            name(p, "name", d.name());
        }
        text(p, "description", d.description(), 200, false);
        if (d.roleArn().isEmpty()) {
            p.add("roleArn: is required (the IAM role Lex uses for the bot), e.g. arn:aws:iam::123456789012:role/LexBot");
        } else if (!ROLE_ARN.matcher(d.roleArn()).matches()) {
            p.add("roleArn: must look like arn:aws:iam::<12-digit account>:role/<name>, was '" + shorten(d.roleArn()) + "'");
        }
        Duration ttl = d.idleSessionTtl();
        if (ttl.compareTo(Duration.ofSeconds(60)) < 0 || ttl.compareTo(Duration.ofHours(24)) > 0) {
            p.add("idleSessionTtl: must be between 60 seconds and 24 hours, was " + ttl.toSeconds() + " s");
        }
        if (d.locales().isEmpty()) {
            p.add("locales: a bot needs at least one locale");
        }
        Set<String> localeIds = new HashSet<>();
        for (LocaleDefinition l : d.locales()) {
            String lp = "locales[" + shorten(l.localeId()) + "]";
            if (!LOCALES.contains(l.localeId())) {
                p.add(lp + ": unsupported locale id; Lex V2 supports " + new java.util.TreeSet<>(LOCALES));
            }
            if (!localeIds.add(l.localeId())) {
                p.add(lp + ": defined twice");
            }
            locale(p, lp, l);
        }
        if (!p.isEmpty()) {
            int shown = Math.min(p.size(), 25);
            String msg = p.size() + " problem(s) in bot definition: " + String.join("; ", p.subList(0, shown))
                    + (p.size() > shown ? "; ... and " + (p.size() - shown) + " more" : "");
            String param = p.get(0).substring(0, Math.max(0, p.get(0).indexOf(':')));
            throw new TraeValidationException(param.isEmpty() ? "botDefinition" : param, msg);
        }
    }

    private static void locale(List<String> p, String lp, LocaleDefinition l) {
        text(p, lp + ".description", l.description(), 200, false);
        if (!(l.confidenceThreshold() >= 0 && l.confidenceThreshold() <= 1)) {
            p.add(lp + ".confidenceThreshold: must be between 0 and 1, was " + l.confidenceThreshold());
        }
        if (!l.voiceId().isEmpty() && !l.voiceId().matches("[A-Za-z]{2,32}")) {
            p.add(lp + ".voice: must be an Amazon Polly voice id such as Joanna");
        }
        Set<String> typeNames = new HashSet<>();
        for (SlotTypeDefinition t : l.slotTypes()) {
            String tp = lp + ".slotTypes[" + shorten(t.name()) + "]";
            name(p, tp, t.name());
            if (t.name().toUpperCase(Locale.ROOT).startsWith("AMAZON")) {
                p.add(tp + ": names starting with AMAZON are reserved for built-in types");
            }
            if (!typeNames.add(t.name())) {
                p.add(tp + ": defined twice");
            }
            text(p, tp + ".description", t.description(), 200, false);
            if (t.values().isEmpty()) {
                p.add(tp + ": needs at least one value");
            }
            if (t.values().size() > 10_000) {
                p.add(tp + ": more than 10000 values");
            }
            Set<String> seen = new HashSet<>();
            for (SlotTypeDefinition.Value v : t.values()) {
                text(p, tp + ".value", v.value(), 140, true);
                if (!seen.add(v.value().trim().toLowerCase(Locale.ROOT))) {
                    p.add(tp + ": value '" + shorten(v.value()) + "' appears twice");
                }
                for (String s : v.synonyms()) {
                    text(p, tp + ".synonym", s, 140, true);
                }
            }
        }
        if (l.intents().isEmpty()) {
            p.add(lp + ".intents: a locale needs at least one intent");
        }
        Set<String> intentNames = new HashSet<>();
        Map<String, String> utteranceOwner = new HashMap<>();
        for (IntentDefinition i : l.intents()) {
            String ip = lp + ".intents[" + shorten(i.name()) + "]";
            name(p, ip, i.name());
            if (i.name().equals("FallbackIntent") || i.name().toUpperCase(Locale.ROOT).startsWith("AMAZON")) {
                p.add(ip + ": FallbackIntent and AMAZON* names are built in");
            }
            if (!intentNames.add(i.name())) {
                p.add(ip + ": defined twice");
            }
            text(p, ip + ".description", i.description(), 200, false);
            if (i.utterances().isEmpty()) {
                p.add(ip + ".utterances: an intent needs at least one sample utterance");
            }
            if (i.utterances().size() > 1500) {
                p.add(ip + ".utterances: more than 1500 sample utterances");
            }
            Set<String> slotNames = new HashSet<>();
            for (SlotDefinition s : i.slots()) {
                String sp = ip + ".slots[" + shorten(s.name()) + "]";
                name(p, sp, s.name());
                if (!slotNames.add(s.name())) {
                    p.add(sp + ": defined twice");
                }
                if (s.slotType().startsWith("AMAZON.")) {
                    if (!BUILT_IN_TYPES.contains(s.slotType())) {
                        p.add(sp + ".slotType: unknown built-in type " + shorten(s.slotType()) + "; known: " + new java.util.TreeSet<>(BUILT_IN_TYPES));
                    }
                } else if (l.slotType(s.slotType()).isEmpty()) {
                    p.add(sp + ".slotType: no slot type '" + shorten(s.slotType()) + "' in locale " + l.localeId());
                }
                if (s.required() && s.prompt().isBlank()) {
                    p.add(sp + ".prompt: a required slot needs a prompt");
                }
                text(p, sp + ".prompt", s.prompt(), 1000, false);
                refs(p, sp + ".prompt", s.prompt(), i);
                if (s.maxRetries() < 0 || s.maxRetries() > 5) {
                    p.add(sp + ".maxRetries: must be 0 to 5, was " + s.maxRetries());
                }
                text(p, sp + ".description", s.description(), 200, false);
            }
            for (int k = 0; k < i.utterances().size(); k++) {
                String u = i.utterances().get(k);
                String up = ip + ".utterances[" + k + "]";
                text(p, up, u, 200, true);
                if (u.chars().filter(c -> c == '{').count() != u.chars().filter(c -> c == '}').count()
                        || u.replaceAll("\\{[^{}]*}", "").matches(".*[{}].*")) {
                    p.add(up + ": unbalanced or nested braces in '" + shorten(u) + "'");
                    continue;
                }
                refs(p, up, u, i);
                String norm = u.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
                String owner = utteranceOwner.putIfAbsent(norm, i.name());
                if (owner != null) {
                    p.add(up + ": duplicate utterance '" + shorten(u) + "'" + (owner.equals(i.name()) ? "" : " (also in intent " + owner + ")"));
                }
            }
            boolean hasConfirm = !i.confirmationPrompt().isBlank();
            if (hasConfirm && i.declinationResponse().isBlank()) {
                p.add(ip + ".confirmation: a confirmation prompt needs a declination response");
            }
            if (!hasConfirm && !i.declinationResponse().isBlank()) {
                p.add(ip + ".confirmation: a declination response needs a confirmation prompt");
            }
            text(p, ip + ".confirmation", i.confirmationPrompt(), 1000, false);
            text(p, ip + ".declination", i.declinationResponse(), 1000, false);
            text(p, ip + ".closing", i.closingResponse(), 1000, false);
            refs(p, ip + ".confirmation", i.confirmationPrompt(), i);
            refs(p, ip + ".closing", i.closingResponse(), i);
        }
    }

    private static void refs(List<String> p, String path, String text, IntentDefinition i) {
        Matcher m = SLOT_REF.matcher(text);
        while (m.find()) {
            if (i.slot(m.group(1)).isEmpty()) {
                p.add(path + ": refers to {" + shorten(m.group(1)) + "} but intent " + shorten(i.name()) + " has no such slot");
            }
        }
    }

    private static void name(List<String> p, String path, String name) {
        if (name == null || name.isEmpty()) {
            p.add(path + ": name must not be empty");
        } else if (name.length() > 100 || !NAME.matcher(name).matches()) {
            p.add(path + ": '" + shorten(name) + "' breaks Lex naming rules (1 to 100 letters or digits, a single '_' or '-' "
                    + "only between them, starting with a letter or digit)");
        }
    }

    private static void text(List<String> p, String path, String s, int max, boolean required) {
        if (s == null || required && s.isBlank()) {
            p.add(path + ": must not be empty");
            return;
        }
        if (s.length() > max) {
            p.add(path + ": longer than " + max + " characters (" + s.length() + ")");
        }
        if (CONTROL.matcher(s).find()) {
            p.add(path + ": contains control characters");
        }
    }
}
