package dev.trae.aws.lex.internal;

import java.util.regex.Pattern;

/** Message helpers of the Lex module. Not API. */
public final class Messages {
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    private Messages() {
    }

    /** Bounds what a hostile value can put into a message: control characters replaced, at most 40 characters. */
    public static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        String t = CONTROL.matcher(s).replaceAll("?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
