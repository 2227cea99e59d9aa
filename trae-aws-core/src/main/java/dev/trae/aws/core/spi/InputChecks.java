package dev.trae.aws.core.spi;

import dev.trae.aws.core.TraeValidationException;

/**
 * The plain input checks the modules share, callable from implementation packages and from model types alike (a
 * {@code .model} type may not call its module's {@code .internal}). Every failure is a
 * {@link TraeValidationException} naming the parameter, raised before any call. For module authors; not user API.
 */
public final class InputChecks {
    private InputChecks() {
    }

    /**
     * A required text of at most {@code max} characters: null or blank is "is required", a longer one
     * "must be at most {@code max} characters, was {@code length}" (the value itself is never echoed).
     *
     * @return {@code v}
     */
    public static String text(String parameter, String v, int max) {
        if (v == null || v.isBlank()) {
            throw new TraeValidationException(parameter, "is required");
        }
        if (v.length() > max) {
            throw new TraeValidationException(parameter, "must be at most " + max + " characters, was " + v.length());
        }
        return v;
    }

    /**
     * A number within {@code min..max} (both included), else "must be between {@code min} and {@code max}, was {@code v}".
     *
     * @return {@code v}
     */
    public static int range(String parameter, int v, int min, int max) {
        if (v < min || v > max) {
            throw new TraeValidationException(parameter, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }
}
