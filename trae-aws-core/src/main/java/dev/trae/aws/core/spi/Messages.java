package dev.trae.aws.core.spi;

import java.util.regex.Pattern;

/** Helpers for the modules' error messages. For module authors; not user API. */
public final class Messages {
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    private Messages() {
    }

    /**
     * Bounds what a hostile value can put into a message: control characters other than newline and tab replaced
     * with {@code ?}, at most 40 characters (then {@code ...}); {@code null} becomes {@code "null"}.
     */
    public static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        String t = CONTROL.matcher(s).replaceAll("?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    /**
     * A hostile value quoted for a message: at most {@code max} characters (then {@code ...}), every control
     * character replaced with {@code ?}, in single quotes; {@code null} becomes {@code "null"}.
     */
    public static String quote(String v, int max) {
        if (v == null) {
            return "null";
        }
        String s = v.length() > max ? v.substring(0, max) + "..." : v;
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
