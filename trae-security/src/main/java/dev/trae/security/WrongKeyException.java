package dev.trae.security;

/** None of the configured wrapping keys can unwrap the data key of this envelope. */
public final class WrongKeyException extends DecryptionException {
    private static final long serialVersionUID = 1L;

    public WrongKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
