package dev.trae.oracle.internal;

import java.util.regex.Pattern;

import dev.trae.aws.core.TraeValidationException;

/**
 * Identifier rules. User-supplied names must be plain identifiers; the SQL text only ever contains names
 * read back from the database's metadata, quoted with {@link #quote(String)}.
 */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$#]{0,127}");

    private Identifiers() {
    }

    /** Checks one identifier; the message never echoes more than a safe prefix of a hostile value. */
    public static String validate(String parameter, String name) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new TraeValidationException(parameter, "must be a plain identifier ([A-Za-z_][A-Za-z0-9_$#]*, at most 128 characters), was "
                    + safe(name));
        }
        return name;
    }

    /** Checks {@code NAME} or {@code SCHEMA.NAME}. Returns the parts. */
    public static String[] validateQualified(String parameter, String name) {
        if (name == null) {
            throw new TraeValidationException(parameter, "is required");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            throw new TraeValidationException(parameter, "must be NAME or SCHEMA.NAME, was " + safe(name));
        }
        for (String p : parts) {
            validate(parameter, p);
        }
        return parts;
    }

    /** Double-quotes an identifier, doubling embedded quotes (names come from metadata, not users). */
    public static String quote(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new TraeValidationException("identifier", "contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String safe(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < Math.min(s.length(), 40); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.append(s.length() > 40 ? "...'" : "'").toString();
    }
}
