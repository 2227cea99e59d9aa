package dev.trae.aws.robotics.internal;

import java.util.regex.Pattern;

import static dev.trae.aws.core.spi.InputChecks.text;

import dev.trae.aws.core.TraeValidationException;

/**
 * Input rules of the clients and job specs (the model types keep their own in {@code model.ApplicationRules}; the plain
 * text and range checks both use are core's {@link dev.trae.aws.core.spi.InputChecks}); every failure is a
 * {@link TraeValidationException} raised before any call.
 */
public final class Checks {
    private static final Pattern BATCH_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private Checks() {
    }

    /** Shortens a hostile value for an error message (never echoes more than 40 characters, no control characters). */
    public static String show(String v) {
        return show(v, 40);
    }

    /** Like {@link #show(String)} with another length limit. */
    public static String show(String v, int max) {
        return dev.trae.aws.core.spi.Messages.quote(v, max);
    }

    /** AWS Batch job and job definition names. */
    public static String batchName(String parameter, String v) {
        text(parameter, v, 128);
        if (!BATCH_NAME.matcher(v).matches()) {
            throw new TraeValidationException(parameter, "must be 1 to 128 letters, digits, '-' and '_', starting with a letter or digit, was "
                    + show(v));
        }
        return v;
    }

    /** IAM role ARNs. */
    public static String roleArn(String parameter, String v) {
        text(parameter, v, 2048);
        if (!v.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}")) {
            throw new TraeValidationException(parameter, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/SimRole, was "
                    + show(v));
        }
        return v;
    }
}
