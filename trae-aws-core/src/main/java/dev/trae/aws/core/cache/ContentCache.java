package dev.trae.aws.core.cache;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.trae.aws.core.CacheSettings;

/**
 * A bounded cache of responses keyed by {@link CacheKey}: repeated Rekognition or Bedrock calls with
 * the same input cost nothing. Bounded by total weight (bytes, from the weigher) and by age. Concurrent
 * loads of the same key call the loader once. Thread-safe.
 *
 * <pre>{@code
 * ContentCache<DetectLabelsResponse> cache = ContentCache.create(config.cache(), r -> 2048);
 * DetectLabelsResponse r = cache.get(key, k -> rekognition.detectLabels(req));
 * }</pre>
 *
 * @param <V> the cached value type
 */
public final class ContentCache<V> {
    /** Null when caching is disabled: every lookup loads. */
    private final Cache<CacheKey, V> cache;
    private final java.util.concurrent.atomic.LongAdder disabledMisses = new java.util.concurrent.atomic.LongAdder();

    private ContentCache(Cache<CacheKey, V> cache) {
        this.cache = cache;
    }

    /**
     * A cache bounded by {@link CacheSettings#maxBytes()} as measured by {@code weigher} (approximate
     * bytes of a value) and by {@link CacheSettings#ttl()}. A disabled setting gives a cache that
     * keeps nothing.
     */
    public static <V> ContentCache<V> create(CacheSettings settings, ToIntFunction<V> weigher) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(weigher, "weigher");
        if (!settings.enabled()) {
            return new ContentCache<>(null);
        }
        Cache<CacheKey, V> c = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((CacheKey k, V v) -> Math.max(1, weigher.applyAsInt(v)))
                .expireAfterWrite(settings.ttl())
                .recordStats()
                .build();
        return new ContentCache<>(c);
    }

    /** A cache bounded by entry count and TTL only. */
    public static <V> ContentCache<V> create(CacheSettings settings) {
        if (!settings.enabled()) {
            return new ContentCache<>(null);
        }
        return new ContentCache<>(Caffeine.newBuilder().maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.ttl()).recordStats().build());
    }

    /** Returns the cached value or loads, stores and returns it. An exception from the loader is not cached. */
    public V get(CacheKey key, Function<CacheKey, V> loader) {
        if (cache == null) {
            disabledMisses.increment();
            return loader.apply(key);
        }
        return cache.get(key, loader);
    }

    public Optional<V> getIfPresent(CacheKey key) {
        return cache == null ? Optional.empty() : Optional.ofNullable(cache.getIfPresent(key));
    }

    public void put(CacheKey key, V value) {
        if (cache != null) {
            cache.put(key, value);
        }
    }

    public void invalidate(CacheKey key) {
        if (cache != null) {
            cache.invalidate(key);
        }
    }

    public void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** Lookups answered from the cache so far. */
    public long hitCount() {
        return cache == null ? 0 : cache.stats().hitCount();
    }

    /** Lookups that had to load so far. */
    public long missCount() {
        return cache == null ? disabledMisses.sum() : cache.stats().missCount();
    }

    /** Approximate number of entries. */
    public long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
