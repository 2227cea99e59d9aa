package dev.trae.security;

import dev.trae.aws.core.TraeValidationException;

/**
 * Message options of an {@link EnvelopeKeyProvider}.
 *
 * <ul>
 *   <li>{@code signed} (default {@code true}): the ESDK default suite with an ECDSA P-384 signature, so
 *       that someone who may <em>decrypt</em> (holds kms:Decrypt or the local key) still cannot forge a
 *       message. {@code false} selects AES-256-GCM with HKDF and key commitment but no signature: several
 *       times faster per message, appropriate when every party that can decrypt is also trusted to write.
 *       Decryption accepts both kinds either way.</li>
 *   <li>{@code frameSize} (default 4096 bytes): plaintext per authenticated frame of a streamed message.</li>
 * </ul>
 *
 * <pre>{@code
 * EnvelopeOptions.defaults().signed(false).frameSize(64 * 1024)
 * }</pre>
 */
public record EnvelopeOptions(boolean signed, int frameSize) {

    public EnvelopeOptions {
        if (frameSize < 128 || frameSize > (1 << 24)) {
            throw new TraeValidationException("frameSize", "must be between 128 bytes and 16 MiB, was " + frameSize);
        }
    }

    /** Signed messages, 4 KiB frames. */
    public static EnvelopeOptions defaults() {
        return new EnvelopeOptions(true, 4096);
    }

    public EnvelopeOptions signed(boolean value) {
        return new EnvelopeOptions(value, frameSize);
    }

    public EnvelopeOptions frameSize(int value) {
        return new EnvelopeOptions(signed, value);
    }
}
