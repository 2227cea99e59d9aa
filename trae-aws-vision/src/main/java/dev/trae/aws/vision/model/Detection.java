package dev.trae.aws.vision.model;

import java.util.List;

/**
 * The result of one analysis call: the value, what normalisation changed in the input image before it
 * was sent (empty when it was sent as is), and whether the answer came from the content cache (no call).
 *
 * @param <T> the value type
 */
public record Detection<T>(T value, List<String> changes, boolean fromCache) {
    public Detection {
        changes = List.copyOf(changes);
    }

    /** The same detection marked as served from the cache. */
    public Detection<T> asCached() {
        return new Detection<>(value, changes, true);
    }
}
