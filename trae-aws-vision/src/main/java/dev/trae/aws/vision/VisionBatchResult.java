package dev.trae.aws.vision;

import java.time.Duration;
import java.util.List;

/**
 * Per-item results of a batch in input order, and how long it took. One bad input shows up as a failed
 * item; it never aborts the batch.
 *
 * @param <T> the detection value type
 */
public record VisionBatchResult<T>(List<BatchItem<T>> items, Duration elapsed) {
    public VisionBatchResult {
        items = List.copyOf(items);
    }

    public long succeeded() {
        return items.stream().filter(BatchItem::succeeded).count();
    }

    public long failed() {
        return items.size() - succeeded();
    }

    /** Items answered from the content cache (no call). */
    public long fromCache() {
        return items.stream().filter(i -> i.detection().map(d -> d.fromCache()).orElse(false)).count();
    }

    public List<BatchItem<T>> failures() {
        return items.stream().filter(i -> !i.succeeded()).toList();
    }
}
