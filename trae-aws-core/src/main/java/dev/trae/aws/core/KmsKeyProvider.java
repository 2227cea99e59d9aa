package dev.trae.aws.core;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The one KMS provider shared by every module: envelope encryption of bytes and streams under an
 * encryption context that is checked on decryption. {@code trae-security} implements it with the
 * AWS Encryption SDK (an AWS KMS keyring in production, a raw AES keyring for local use).
 *
 * <p>Implementations are thread-safe. A failed decryption throws a {@link TraeException} and never
 * returns partial plaintext.
 */
public interface KmsKeyProvider {

    /** An identifier of the wrapping key (a KMS key ARN or alias, or a local key name); never key material. */
    String keyId();

    /** Encrypts {@code plaintext} under {@code encryptionContext}; the result is a self-describing envelope. */
    byte[] encrypt(byte[] plaintext, Map<String, String> encryptionContext);

    /** Decrypts an envelope, checking that it was made under (at least) the given encryption context. */
    byte[] decrypt(byte[] ciphertext, Map<String, String> encryptionContext);

    /**
     * Returns a stream that encrypts what is written to it into {@code sink} in bounded memory.
     * Closing it finishes the envelope and closes {@code sink}.
     */
    OutputStream encryptingStream(OutputStream sink, Map<String, String> encryptionContext);

    /**
     * Returns a stream of the plaintext of the envelope read from {@code source}. Implementations
     * release no plaintext before the data they cover has been authenticated.
     */
    InputStream decryptingStream(InputStream source, Map<String, String> encryptionContext);
}
