package dev.trae.security;

import dev.trae.aws.core.TraeClientException;

/**
 * A ciphertext could not be decrypted. No plaintext, not even a part of it, is released when this is
 * thrown. Subclasses say why: {@link WrongKeyException}, {@link TamperedCiphertextException},
 * {@link EncryptionContextMismatchException}.
 */
public class DecryptionException extends TraeClientException {
    private static final long serialVersionUID = 1L;

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
