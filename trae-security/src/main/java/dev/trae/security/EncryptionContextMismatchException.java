package dev.trae.security;

/**
 * The envelope was made under an encryption context that does not contain the expected entries.
 * The message names the keys that differ, never their values.
 */
public final class EncryptionContextMismatchException extends DecryptionException {
    private static final long serialVersionUID = 1L;

    public EncryptionContextMismatchException(String message) {
        super(message, null);
    }
}
