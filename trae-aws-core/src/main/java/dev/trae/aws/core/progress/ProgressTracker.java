package dev.trae.aws.core.progress;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts progress and publishes {@link ProgressEvent}s with rate and ETA to listeners. Thread-safe:
 * workers on many threads may call {@link #advance(long)} at once.
 *
 * <pre>{@code
 * ProgressTracker p = new ProgressTracker("ocr-batch-1", "pages", files.size());
 * p.addListener(ProgressListener.lines(System.out, 1000));
 * p.advance(1);
 * }</pre>
 */
public final class ProgressTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private final String jobId;
    private final String unit;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong total;
    private final long startNanos = System.nanoTime();
    private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    private volatile String phase = "";
    private volatile String message = "";
    private volatile ProgressEvent last;

    public ProgressTracker(String jobId, String unit, long total) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.unit = unit == null ? "" : unit;
        this.total = new AtomicLong(total);
    }

    public ProgressTracker addListener(ProgressListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds {@code n} done units and publishes. */
    public void advance(long n) {
        done.addAndGet(n);
        publish();
    }

    /** Sets the done count (for work whose progress is read from a service) and publishes. */
    public void set(long doneNow) {
        done.set(doneNow);
        publish();
    }

    /** Sets the total once it is known (-1 for unknown). */
    public void total(long newTotal) {
        total.set(newTotal);
    }

    /** Enters a named phase and publishes. */
    public void phase(String newPhase, String newMessage) {
        this.phase = newPhase == null ? "" : newPhase;
        this.message = newMessage == null ? "" : newMessage;
        publish();
    }

    public void message(String newMessage) {
        this.message = newMessage == null ? "" : newMessage;
        publish();
    }

    public long done() {
        return done.get();
    }

    public long total() {
        return total.get();
    }

    /** The most recent event, or {@code null} before the first. */
    public ProgressEvent last() {
        return last;
    }

    /** Builds the current event without publishing it. */
    public ProgressEvent snapshot() {
        long elapsedNanos = Math.max(1, System.nanoTime() - startNanos);
        long d = done.get();
        double rate = d / (elapsedNanos / 1e9);
        return new ProgressEvent(jobId, phase, d, total.get(), unit, rate, java.time.Duration.ofNanos(elapsedNanos), message);
    }

    private void publish() {
        ProgressEvent e = snapshot();
        last = e;
        for (ProgressListener l : listeners) {
            try {
                l.onProgress(e);
            } catch (RuntimeException ex) {
                LOG.warn("progress listener failed and was ignored: {}", ex.toString());
            }
        }
    }
}
