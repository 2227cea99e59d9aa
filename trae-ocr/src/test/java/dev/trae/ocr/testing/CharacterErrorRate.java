package dev.trae.ocr.testing;

import java.text.Normalizer;

/**
 * Character error rate: the Levenshtein distance between recognised text and the ground truth divided by
 * the length of the ground truth, after Unicode NFC and whitespace normalisation (runs of spaces and line
 * breaks count as one space). 0 is perfect; above 1 is possible when the output is much longer.
 * Test and benchmark support.
 */
public final class CharacterErrorRate {
    private CharacterErrorRate() {
    }

    /** CER of {@code recognised} against {@code truth}. */
    public static double of(String truth, String recognised) {
        String t = normalise(truth);
        String r = normalise(recognised);
        if (t.isEmpty()) {
            return r.isEmpty() ? 0 : 1;
        }
        return (double) distance(t, r) / t.length();
    }

    /** NFC, typographic apostrophes as ASCII, whitespace collapsed to single spaces, trimmed. */
    public static String normalise(String s) {
        String n = Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFC);
        n = n.replace('\u2019', '\'').replace('\u02bc', '\'').replace('\u2018', '\'');
        return n.replaceAll("\\s+", " ").trim();
    }

    /** Levenshtein edit distance in code units, O(min(n, m)) memory. */
    public static int distance(String a, String b) {
        if (a.length() < b.length()) {
            String t = a;
            a = b;
            b = t;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int cost = ca == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
