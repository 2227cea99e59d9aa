package dev.trae.security;

import dev.trae.aws.core.TraeClientException;

/** The secret (or the requested version stage of it) does not exist in the provider. */
public final class SecretNotFoundException extends TraeClientException {
    private static final long serialVersionUID = 1L;
    private final String secretId;

    public SecretNotFoundException(String secretId, String message, Throwable cause) {
        super(message, cause);
        this.secretId = secretId;
    }

    /** The id that was asked for. */
    public String secretId() {
        return secretId;
    }
}
