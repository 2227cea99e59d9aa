package dev.trae.aws.core;

import java.time.Duration;

/**
 * Settings of the bounded content cache ({@link dev.trae.aws.core.cache.ContentCache}): how many
 * entries, how many bytes in all, and how long an entry lives. {@link #disabled()} turns caching off.
 */
public final class CacheSettings {
    private final boolean enabled;
    private final long maxEntries;
    private final long maxBytes;
    private final Duration ttl;

    private CacheSettings(boolean enabled, long maxEntries, long maxBytes, Duration ttl) {
        if (maxEntries < 1) {
            throw new TraeValidationException("maxEntries", "must be at least 1, was " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new TraeValidationException("maxBytes", "must be at least 1, was " + maxBytes);
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new TraeValidationException("ttl", "must be a positive duration, was " + ttl);
        }
        this.enabled = enabled;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.ttl = ttl;
    }

    /** Enabled: 10,000 entries, 64 MiB, one hour. */
    public static CacheSettings defaults() {
        return new CacheSettings(true, 10_000, 64L << 20, Duration.ofHours(1));
    }

    public static CacheSettings of(long maxEntries, long maxBytes, Duration ttl) {
        return new CacheSettings(true, maxEntries, maxBytes, ttl);
    }

    public static CacheSettings disabled() {
        return new CacheSettings(false, 1, 1, Duration.ofSeconds(1));
    }

    public boolean enabled() {
        return enabled;
    }

    public long maxEntries() {
        return maxEntries;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public String toString() {
        return enabled ? "CacheSettings[maxEntries=" + maxEntries + ", maxBytes=" + maxBytes + ", ttl=" + ttl + "]"
                : "CacheSettings[disabled]";
    }
}
