package dev.trae.aws.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that hides secrets in logs, exception messages and {@code toString()}.
 *
 * <p>{@link #mask(String)} hides a known secret value; {@link #scrub(String)} removes secret-looking
 * material (AWS secret keys, session tokens, passwords in key=value or JSON form, bearer tokens,
 * private keys) from free text such as a transcript or an error message.
 */
public final class Redaction {
    /** What replaces a hidden value. */
    public static final String MASK = "****";

    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\"?(?:password|passwd|pwd|secret|secret[_-]?access[_-]?key|aws[_-]?secret[_-]?access[_-]?key|"
                    + "session[_-]?token|token|api[_-]?key|apikey|authorization|client[_-]?secret|private[_-]?key)\"?"
                    + "\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&}]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern AWS_ACCESS_KEY = Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----");

    private Redaction() {
    }

    /** Hides a secret value entirely; {@code null} stays {@code null}. */
    public static String mask(String secret) {
        return secret == null ? null : MASK;
    }

    /**
     * Shows an identifier such as an access key id with only its first four characters,
     * enough to tell keys apart in a log.
     */
    public static String maskIdentifier(String id) {
        if (id == null) {
            return null;
        }
        return id.length() <= 4 ? MASK : id.substring(0, 4) + MASK;
    }

    /** Removes secret-looking material from free text. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PEM.matcher(text).replaceAll("-----PRIVATE KEY " + MASK + "-----");
        out = BEARER.matcher(out).replaceAll("$1" + MASK);
        Matcher kv = KEY_VALUE.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (kv.find()) {
            String value = kv.group(2);
            String replacement = value.startsWith("\"") ? "\"" + MASK + "\"" : value.startsWith("'") ? "'" + MASK + "'" : MASK;
            kv.appendReplacement(sb, Matcher.quoteReplacement(kv.group(1) + replacement));
        }
        kv.appendTail(sb);
        out = AWS_ACCESS_KEY.matcher(sb.toString()).replaceAll("$1" + MASK);
        return out;
    }

    /** Removes every occurrence of the given known secrets, then scrubs. */
    public static String scrub(String text, String... knownSecrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : knownSecrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, MASK);
            }
        }
        return scrub(out);
    }

    /** Whether a header, parameter or field name usually holds a secret. */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("authorization")
                || n.contains("apikey") || n.contains("privatekey") || n.equals("pwd") || n.equals("credential")
                || n.equals("credentials");
    }
}
