package dev.trae.aws.robotics.model;

import static dev.trae.aws.core.spi.InputChecks.text;

import java.util.regex.Pattern;

import dev.trae.aws.core.TraeValidationException;

/**
 * The input rules of an {@link Application}: the invariants of the model type, kept beside it so that the model needs no
 * implementation package; the plain text and range checks are core's {@link dev.trae.aws.core.spi.InputChecks}, which the
 * clients' {@code internal.Checks} use too. Every failure is a {@link TraeValidationException} raised before any call. Not API.
 */
final class ApplicationRules {
    private static final Pattern ROS_PACKAGE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern LAUNCH_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private ApplicationRules() {
    }

    /** Shortens a hostile value for an error message (never echoes more than 40 characters, no control characters). */
    static String show(String v) {
        return dev.trae.aws.core.spi.Messages.quote(v, 40);
    }

    /** ROS package names (REP 144): lowercase letters, digits and single underscores, starting with a letter, 2 to 64 characters. */
    static String rosPackageName(String parameter, String v) {
        text(parameter, v, 64);
        if (v.length() < 2 || !ROS_PACKAGE.matcher(v).matches()) {
            throw new TraeValidationException(parameter, "must be a ROS package name (REP 144: 2-64 lowercase letters, digits and "
                    + "single underscores, starting with a letter), was " + show(v));
        }
        return v;
    }

    static String launchFile(String parameter, String v) {
        text(parameter, v, 128);
        if (!LAUNCH_FILE.matcher(v).matches() || v.contains("..")) {
            throw new TraeValidationException(parameter, "must be a file name (letters, digits, '_', '-', '.'), was " + show(v));
        }
        return v;
    }

    static String image(String parameter, String v) {
        text(parameter, v, 255);
        if (!IMAGE.matcher(v).matches()) {
            throw new TraeValidationException(parameter, "must be a container image reference such as "
                    + "'123456789012.dkr.ecr.us-east-1.amazonaws.com/robot:1.0', was " + show(v));
        }
        return v;
    }

    static void envVar(String parameter, String name, String value) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            throw new TraeValidationException(parameter, "variable names must match [A-Za-z_][A-Za-z0-9_]*, was " + show(name));
        }
        if (name.startsWith("AWS_BATCH") || name.startsWith("TRAE_")) {
            throw new TraeValidationException(parameter, "variable " + name + " is reserved (AWS_BATCH* and TRAE_* are set by the SDK)");
        }
        if (value == null || value.length() > 4096 || value.indexOf('\0') >= 0) {
            throw new TraeValidationException(parameter, "value of " + name + " must be at most 4096 characters without NUL");
        }
    }

    static void commandArg(String parameter, String arg) {
        if (arg == null || arg.isEmpty() || arg.length() > 1024 || arg.indexOf('\0') >= 0) {
            throw new TraeValidationException(parameter, "arguments must be 1 to 1024 characters without NUL");
        }
    }
}
