package dev.trae.security;

/** The envelope is malformed, truncated or was modified after encryption (authentication failed). */
public final class TamperedCiphertextException extends DecryptionException {
    private static final long serialVersionUID = 1L;

    public TamperedCiphertextException(String message, Throwable cause) {
        super(message, cause);
    }
}
