package dev.trae.examples.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks for secrets in bytes: each secret raw, base64 (standard and URL-safe, with or without padding, at every
 * alignment inside a longer base64 text) and hex (lower and upper case). A finding names the secret's label, the
 * encoding and where, never the secret.
 */
final class SecretScanner {
    /** Secrets shorter than this are refused: they would match by chance. */
    static final int MIN_SECRET_BYTES = 8;

    private final Map<String, List<Needle>> needles = new LinkedHashMap<>();

    record Needle(String encoding, byte[] bytes) {
    }

    record Finding(String secret, String encoding, String where, long offset) {
        @Override
        public String toString() {
            return secret + " (" + encoding + ") in " + where + " at byte " + offset;
        }
    }

    /** Adds a secret under a label (the label appears in findings; the value never does). */
    SecretScanner add(String label, byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(label + " is shorter than " + MIN_SECRET_BYTES + " bytes: too short to scan for");
        }
        List<Needle> list = new ArrayList<>();
        list.add(new Needle("raw", secret));
        list.add(new Needle("hex", HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII)));
        list.add(new Needle("HEX", HexFormat.of().withUpperCase().formatHex(secret).getBytes(StandardCharsets.US_ASCII)));
        for (int shift = 0; shift < 3; shift++) {
            // the secret inside a longer base64 text starting `shift` bytes before it: keep only the characters that
            // depend on the secret alone
            byte[] padded = new byte[shift + secret.length];
            System.arraycopy(secret, 0, padded, shift, secret.length);
            String std = Base64.getEncoder().withoutPadding().encodeToString(padded);
            int from = (shift * 4 + 2) / 3;           // characters touched by the prefix
            int to = ((shift + secret.length) / 3) * 4; // characters of whole groups only
            if (to - from < 8) {
                continue;
            }
            String core = std.substring(from, to);
            list.add(new Needle("base64", core.getBytes(StandardCharsets.US_ASCII)));
            String url = core.replace('+', '-').replace('/', '_');
            if (!url.equals(core)) {
                list.add(new Needle("base64url", url.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        needles.put(label, list);
        return this;
    }

    SecretScanner add(String label, String secret) {
        return add(label, secret.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return needles.size();
    }

    /** Every occurrence of every secret in {@code data}. */
    List<Finding> scan(String where, byte[] data) {
        List<Finding> out = new ArrayList<>();
        needles.forEach((label, list) -> {
            for (Needle n : list) {
                long at = indexOf(data, n.bytes());
                if (at >= 0) {
                    out.add(new Finding(label, n.encoding(), where, at));
                }
            }
        });
        return out;
    }

    List<Finding> scan(String where, String text) {
        return scan(where, text.getBytes(StandardCharsets.UTF_8));
    }

    private static long indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (hay[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "SecretScanner" + needles.keySet().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
