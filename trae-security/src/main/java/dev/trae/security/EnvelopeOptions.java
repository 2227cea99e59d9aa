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
 *   <li>{@code frameSize} (default 16 KiB, chosen by measurement: see the module README): plaintext per
 *       authenticated frame of a message.</li>
 *   <li>{@code releaseMemoryBytes} (default {@value #DEFAULT_RELEASE_MEMORY_BYTES}): how much plaintext
 *       {@link EnvelopeKeyProvider#decryptingStream} holds in memory while it waits for the message to
 *       authenticate; the rest goes to a temporary file sealed under a one-time key. Raising it trades heap for
 *       the cost of sealing (about a fifth of a decryption pass for the part that spills).</li>
 * </ul>
 *
 * <pre>{@code
 * EnvelopeOptions.defaults().signed(false).frameSize(64 * 1024).releaseMemoryBytes(64L << 20)
 * }</pre>
 */
public record EnvelopeOptions(boolean signed, int frameSize, long releaseMemoryBytes) {
    /** Default of {@link #releaseMemoryBytes()}: 8 MiB. */
    public static final long DEFAULT_RELEASE_MEMORY_BYTES = 8L << 20;
    /** Default of {@link #frameSize()}: 16 KiB (measured: see the module README; the ESDK's own default is 4 KiB). */
    public static final int DEFAULT_FRAME_SIZE = 16 * 1024;

    public EnvelopeOptions {
        if (frameSize < 128 || frameSize > (1 << 24)) {
            throw new TraeValidationException("frameSize", "must be between 128 bytes and 16 MiB, was " + frameSize);
        }
        if (releaseMemoryBytes < 0 || releaseMemoryBytes > (1L << 31)) {
            throw new TraeValidationException("releaseMemoryBytes", "must be between 0 and 2 GiB, was " + releaseMemoryBytes);
        }
    }

    /** As {@code new EnvelopeOptions(signed, frameSize, DEFAULT_RELEASE_MEMORY_BYTES)}. */
    public EnvelopeOptions(boolean signed, int frameSize) {
        this(signed, frameSize, DEFAULT_RELEASE_MEMORY_BYTES);
    }

    /** Signed messages, 16 KiB frames, 8 MiB of plaintext held in memory while a stream authenticates. */
    public static EnvelopeOptions defaults() {
        return new EnvelopeOptions(true, DEFAULT_FRAME_SIZE, DEFAULT_RELEASE_MEMORY_BYTES);
    }

    public EnvelopeOptions signed(boolean value) {
        return new EnvelopeOptions(value, frameSize, releaseMemoryBytes);
    }

    public EnvelopeOptions frameSize(int value) {
        return new EnvelopeOptions(signed, value, releaseMemoryBytes);
    }

    public EnvelopeOptions releaseMemoryBytes(long value) {
        return new EnvelopeOptions(signed, frameSize, value);
    }
}
