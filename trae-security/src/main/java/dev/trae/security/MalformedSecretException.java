package dev.trae.security;

import dev.trae.aws.core.TraeClientException;

/**
 * A secret's value does not have the expected shape (for example not JSON, or a database credential
 * without a password). The message names the secret and the field, never the value.
 */
public final class MalformedSecretException extends TraeClientException {
    private static final long serialVersionUID = 1L;

    public MalformedSecretException(String message) {
        super(message);
    }
}
