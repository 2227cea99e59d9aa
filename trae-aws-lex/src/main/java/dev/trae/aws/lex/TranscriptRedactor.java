package dev.trae.aws.lex;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trae.aws.core.Redaction;

/**
 * What a {@link Transcript} hides before it stores a line: secrets (core {@link Redaction#scrub(String)}),
 * the values of sensitive slots wherever they appear, and text matching patterns (card numbers, e-mail
 * addresses and phone numbers in {@link #standard()}). Immutable and thread-safe.
 *
 * <pre>{@code
 * TranscriptRedactor r = TranscriptRedactor.standard().withSensitiveSlots("CardNumber", "LoyaltyId");
 * }</pre>
 */
public final class TranscriptRedactor {
    /** Payment card numbers: 13 to 19 digits, optionally grouped, that pass the Luhn check. */
    public static final Pattern CARD = Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b");
    public static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    public static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\d[\\d ()-]{7,}\\d(?![\\w])");

    private final Set<String> sensitiveSlots;
    private final List<Pattern> patterns;

    private TranscriptRedactor(Set<String> sensitiveSlots, List<Pattern> patterns) {
        this.sensitiveSlots = Set.copyOf(sensitiveSlots);
        this.patterns = List.copyOf(patterns);
    }

    /** Secrets only. */
    public static TranscriptRedactor secretsOnly() {
        return new TranscriptRedactor(Set.of(), List.of());
    }

    /** Secrets, card numbers (Luhn-valid), e-mail addresses and phone numbers. */
    public static TranscriptRedactor standard() {
        return new TranscriptRedactor(Set.of(), List.of(CARD, EMAIL, PHONE));
    }

    /** This redactor, also hiding the values of these slots. */
    public TranscriptRedactor withSensitiveSlots(String... slots) {
        Set<String> s = new LinkedHashSet<>(sensitiveSlots);
        for (String n : slots) {
            s.add(Objects.requireNonNull(n, "slot"));
        }
        return new TranscriptRedactor(s, patterns);
    }

    /** This redactor, also hiding text that matches {@code pattern}. */
    public TranscriptRedactor withPattern(Pattern pattern) {
        List<Pattern> p = new ArrayList<>(patterns);
        p.add(Objects.requireNonNull(pattern, "pattern"));
        return new TranscriptRedactor(sensitiveSlots, p);
    }

    public Set<String> sensitiveSlots() {
        return sensitiveSlots;
    }

    public boolean isSensitive(String slot) {
        return sensitiveSlots.contains(slot);
    }

    /**
     * Redacts {@code text}; {@code slotValues} are the slot values known for this turn (the original and
     * interpreted values of sensitive slots are masked wherever they occur).
     */
    public String redact(String text, Map<String, ? extends Iterable<String>> slotValues) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String out = text;
        for (Map.Entry<String, ? extends Iterable<String>> e : slotValues.entrySet()) {
            if (sensitiveSlots.contains(e.getKey())) {
                for (String v : e.getValue()) {
                    if (v != null && !v.isBlank()) {
                        out = Pattern.compile(Pattern.quote(v), Pattern.CASE_INSENSITIVE).matcher(out).replaceAll(Redaction.MASK);
                    }
                }
            }
        }
        out = Redaction.scrub(out);
        for (Pattern p : patterns) {
            Matcher m = p.matcher(out);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String hit = m.group();
                boolean hide = p != CARD || luhn(hit.replaceAll("[ -]", ""));
                m.appendReplacement(sb, Matcher.quoteReplacement(hide ? Redaction.MASK : hit));
            }
            m.appendTail(sb);
            out = sb.toString();
        }
        return out;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    @Override
    public String toString() {
        return "TranscriptRedactor[sensitiveSlots=" + sensitiveSlots + ", patterns=" + patterns.size() + "]";
    }
}
