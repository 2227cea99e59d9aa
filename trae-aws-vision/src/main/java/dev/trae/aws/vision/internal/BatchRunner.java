package dev.trae.aws.vision.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.core.spi.ErrorTranslator;
import dev.trae.aws.vision.BatchItem;
import dev.trae.aws.vision.ImageSource;
import dev.trae.aws.vision.VisionBatchResult;
import dev.trae.aws.vision.model.Detection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation over many inputs on a bounded pool of daemon threads. One bad input becomes that item's error
 * and never aborts the batch; an item still throttled after the retry policy is tried again up to {@code batchRetries}
 * times with jittered exponential backoff (100 ms doubling to 5 s); progress is reported per finished item. Not API.
 */
public final class BatchRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private final ExecutorService pool;
    private final int batchRetries;

    public BatchRunner(int parallelism, int batchRetries) {
        this.batchRetries = batchRetries;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "trae-vision-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code operation} for every input; blocks until all items finish. Items come back in input order. */
    public <T> VisionBatchResult<T> run(List<ImageSource> inputs, Function<ImageSource, Detection<T>> operation, ProgressListener listener) {
        long t0 = System.nanoTime();
        ProgressTracker tracker = new ProgressTracker("vision-batch-" + UUID.randomUUID().toString().substring(0, 8), "images", inputs.size());
        if (listener != null) {
            tracker.addListener(listener);
        }
        List<Future<BatchItem<T>>> futures = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            final int index = i;
            final ImageSource src = inputs.get(i);
            futures.add(pool.submit(() -> {
                BatchItem<T> item = runItem(index, src, operation);
                tracker.advance(1);
                return item;
            }));
        }
        List<BatchItem<T>> items = new ArrayList<>(inputs.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                items.add(futures.get(i).get());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new TraeCancelledException("batch interrupted after " + items.size() + " of " + inputs.size() + " items");
            } catch (ExecutionException e) {
                String name = inputs.get(i) == null ? "null" : inputs.get(i).name();
                items.add(new BatchItem<>(i, name, Optional.empty(), Optional.of(ErrorTranslator.translate(e.getCause(), "rekognition", "batch"))));
            }
        }
        return new VisionBatchResult<>(items, Duration.ofNanos(System.nanoTime() - t0));
    }

    private <T> BatchItem<T> runItem(int index, ImageSource src, Function<ImageSource, Detection<T>> operation) {
        if (src == null) {
            return new BatchItem<>(index, "null", Optional.empty(), Optional.of(new TraeValidationException("inputs[" + index + "]", "is null")));
        }
        long backoff = 100;
        for (int attempt = 0; ; attempt++) {
            try {
                return new BatchItem<>(index, src.name(), Optional.of(operation.apply(src)), Optional.empty());
            } catch (RuntimeException e) {
                TraeException te = e instanceof TraeException t ? t : ErrorTranslator.translate(e, "rekognition", "batch");
                boolean throttled = te instanceof TraeServiceException s && s.throttled();
                if (throttled && attempt < batchRetries) {
                    LOG.debug("batch item {} throttled after retries; trying again in {} ms", src.name(), backoff);
                    try {
                        Thread.sleep(backoff + (long) (Math.random() * backoff));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return new BatchItem<>(index, src.name(), Optional.empty(), Optional.of(new TraeCancelledException("interrupted")));
                    }
                    backoff = Math.min(5_000, backoff * 2);
                    continue;
                }
                return new BatchItem<>(index, src.name(), Optional.empty(), Optional.of(te));
            }
        }
    }

    /** Stops the pool; running items are interrupted. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
