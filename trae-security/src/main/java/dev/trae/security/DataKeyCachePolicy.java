package dev.trae.security;

import java.time.Duration;

import dev.trae.aws.core.TraeValidationException;

/**
 * Bounds of data-key caching for bulk encryption: a cached data key is reused for at most
 * {@link #maxAge()} and at most {@link #maxMessages()} envelopes (and {@link #maxBytes()} bytes), and
 * at most {@link #capacity()} keys are cached. Smaller bounds mean more KMS calls and less data
 * under one key.
 *
 * <pre>{@code
 * DataKeyCachePolicy.of(Duration.ofMinutes(5), 1_000)
 * }</pre>
 */
public record DataKeyCachePolicy(Duration maxAge, long maxMessages, long maxBytes, int capacity) {

    public DataKeyCachePolicy {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new TraeValidationException("maxAge", "must be a positive duration");
        }
        if (maxMessages < 1 || maxMessages > (1L << 32)) {
            throw new TraeValidationException("maxMessages", "must be between 1 and 2^32, was " + maxMessages);
        }
        if (maxBytes < 1) {
            throw new TraeValidationException("maxBytes", "must be positive, was " + maxBytes);
        }
        if (capacity < 1) {
            throw new TraeValidationException("capacity", "must be positive, was " + capacity);
        }
    }

    /** A policy with the given age and message bounds, 1 TiB of data per key and 100 cached keys. */
    public static DataKeyCachePolicy of(Duration maxAge, long maxMessages) {
        return new DataKeyCachePolicy(maxAge, maxMessages, 1L << 40, 100);
    }
}
