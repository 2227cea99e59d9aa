package dev.trae.security.internal;

import java.util.regex.Pattern;

import dev.trae.aws.core.TraeValidationException;

/** Validation of secret ids and version stages, before any network call. */
public final class SecretIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");
    private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private SecretIds() {
    }

    public static String check(String secretId) {
        if (secretId == null || secretId.isBlank()) {
            throw new TraeValidationException("secretId", "must name a secret");
        }
        if (!ID.matcher(secretId).matches() || secretId.contains("..")) {
            throw new TraeValidationException("secretId", "may hold only letters, digits and / _ + = . @ : - (max 2048)");
        }
        return secretId;
    }

    public static String checkStage(String stage) {
        if (stage == null || !STAGE.matcher(stage).matches()) {
            throw new TraeValidationException("versionStage", "must be a version stage such as AWSCURRENT or AWSPENDING");
        }
        return stage;
    }
}
