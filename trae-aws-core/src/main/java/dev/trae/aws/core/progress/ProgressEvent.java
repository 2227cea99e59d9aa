package dev.trae.aws.core.progress;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of progress: how much of how much is done, in which unit, how fast, and how long is left.
 * {@code total} is {@code -1} while unknown. Immutable.
 */
public final class ProgressEvent {
    private final String jobId;
    private final String phase;
    private final long done;
    private final long total;
    private final String unit;
    private final double ratePerSecond;
    private final Duration elapsed;
    private final String message;

    public ProgressEvent(String jobId, String phase, long done, long total, String unit, double ratePerSecond,
                         Duration elapsed, String message) {
        this.jobId = jobId;
        this.phase = phase == null ? "" : phase;
        this.done = done;
        this.total = total;
        this.unit = unit == null ? "" : unit;
        this.ratePerSecond = ratePerSecond;
        this.elapsed = elapsed == null ? Duration.ZERO : elapsed;
        this.message = message == null ? "" : message;
    }

    public String jobId() {
        return jobId;
    }

    /** A module-specific stage name, such as {@code "UPLOADING"} or {@code "Training"}; empty when none. */
    public String phase() {
        return phase;
    }

    public long done() {
        return done;
    }

    /** The total, or -1 while unknown. */
    public long total() {
        return total;
    }

    public String unit() {
        return unit;
    }

    /** Units per second since the work started. */
    public double ratePerSecond() {
        return ratePerSecond;
    }

    public Duration elapsed() {
        return elapsed;
    }

    public String message() {
        return message;
    }

    /** Fraction done in [0, 1], or empty while the total is unknown. */
    public Optional<Double> fraction() {
        if (total <= 0) {
            return total == 0 ? Optional.of(1.0) : Optional.empty();
        }
        return Optional.of(Math.min(1.0, (double) done / total));
    }

    /** Estimated time left at the current rate, when the total is known and the rate positive. */
    public Optional<Duration> eta() {
        if (total < 0 || ratePerSecond <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, total - done);
        return Optional.of(Duration.ofMillis((long) (left / ratePerSecond * 1000)));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!phase.isEmpty()) {
            sb.append('[').append(phase).append("] ");
        }
        sb.append(done);
        if (total >= 0) {
            sb.append('/').append(total);
        }
        sb.append(' ').append(unit);
        if (ratePerSecond > 0) {
            sb.append(String.format(java.util.Locale.ROOT, " %.1f %s/s", ratePerSecond, unit));
        }
        eta().ifPresent(d -> sb.append(" ETA ").append(d.toSeconds()).append('s'));
        if (!message.isEmpty()) {
            sb.append(" - ").append(message);
        }
        return sb.toString().trim();
    }
}
